-- Tags name runs for baselines (mshop tag RUN NAME; --baseline NAME): a name marks one run, and moves when set again.
-- Runs of one suite are looked up newest first for --baseline last and for trends.

CREATE TABLE run_tags (
    name      TEXT NOT NULL PRIMARY KEY,
    run_id    TEXT NOT NULL REFERENCES runs (id),
    tagged_at TEXT NOT NULL
);

CREATE INDEX run_tags_run ON run_tags (run_id);
CREATE INDEX runs_suite ON runs (suite, started_at);
