-- The first schema: runs, their probes, what each probe did, and mail.
-- Portable SQL: timestamps are fixed-width UTC ISO-8601 text (yyyy-MM-ddTHH:mm:ss.fffffffZ), so they sort and
-- compare as text; booleans are INTEGER 0/1.

CREATE TABLE runs (
    id            TEXT NOT NULL PRIMARY KEY,
    suite         TEXT NOT NULL,
    workspace     TEXT,
    directory     TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    sources_json  TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    skipped_json  TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX runs_started_at ON runs (started_at);

CREATE TABLE probes (
    token           TEXT NOT NULL PRIMARY KEY,
    run_id          TEXT NOT NULL REFERENCES runs (id),
    probe_id        TEXT NOT NULL,
    ordinal         INTEGER NOT NULL,
    planned_at      TEXT NOT NULL,
    scenario        TEXT NOT NULL,
    scenario_file   TEXT NOT NULL,
    target_id       TEXT NOT NULL,
    target_name     TEXT NOT NULL,
    target_role     TEXT NOT NULL,
    target_url      TEXT NOT NULL,
    persona         TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    email           TEXT NOT NULL,
    question_id     TEXT,
    question_text   TEXT,
    state           TEXT NOT NULL,
    state_reason    TEXT,
    started_at      TEXT,
    finished_at     TEXT,
    deadline        TEXT,
    checkpoint_json TEXT,
    storage_state   TEXT,
    owner           TEXT
);

CREATE INDEX probes_run ON probes (run_id, ordinal);
CREATE INDEX probes_planned_at ON probes (planned_at);
CREATE INDEX probes_state ON probes (state, planned_at);

CREATE TABLE observations (
    token        TEXT NOT NULL REFERENCES probes (token),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,
    step         INTEGER,
    name         TEXT,
    detail       TEXT,
    line         INTEGER,
    value        DOUBLE PRECISION,
    numbers_json TEXT,
    PRIMARY KEY (token, seq)
);

CREATE TABLE submissions (
    token       TEXT NOT NULL REFERENCES probes (token),
    step        INTEGER NOT NULL,
    description TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (token, step)
);

CREATE TABLE artifacts (
    token TEXT NOT NULL REFERENCES probes (token),
    seq   INTEGER NOT NULL,
    kind  TEXT NOT NULL,
    path  TEXT NOT NULL,
    PRIMARY KEY (token, seq),
    UNIQUE (token, path)
);

CREATE TABLE sent_messages (
    message_id TEXT NOT NULL PRIMARY KEY,
    token      TEXT NOT NULL REFERENCES probes (token),
    recipient  TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    raw        BLOB
);

CREATE INDEX sent_messages_token ON sent_messages (token);

CREATE TABLE messages (
    message_key TEXT NOT NULL PRIMARY KEY,
    mailbox     TEXT NOT NULL,
    source      TEXT NOT NULL,
    token       TEXT REFERENCES probes (token),
    received_at TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    email_json  TEXT NOT NULL,
    raw         BLOB NOT NULL
);

CREATE INDEX messages_token ON messages (token, received_at);
CREATE INDEX messages_mailbox ON messages (mailbox, source);
CREATE INDEX messages_received_at ON messages (received_at);

CREATE TABLE mailbox_positions (
    mailbox      TEXT NOT NULL PRIMARY KEY,
    uid_validity BIGINT NOT NULL,
    next_uid     BIGINT NOT NULL,
    updated_at   TEXT NOT NULL
);
