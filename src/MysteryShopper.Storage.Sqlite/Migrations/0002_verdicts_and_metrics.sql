-- Judged probes: the verdict as JSON with the probe, and each metric as a row so history can be queried.

ALTER TABLE probes ADD COLUMN verdict_json TEXT;

CREATE TABLE metrics (
    token       TEXT NOT NULL REFERENCES probes (token),
    name        TEXT NOT NULL,
    value       DOUBLE PRECISION,
    is_duration INTEGER NOT NULL,
    PRIMARY KEY (token, name)
);

CREATE INDEX metrics_name ON metrics (name);
