-- migrate:up
-- Rate-limit counters shared by every API process: one row per key (policy and client), counting
-- the requests of the current one-minute window. Rows of past windows are pruned hourly.
-- UNLOGGED: counters need no durability (a crash only resets them), and without WAL a hit does
-- not wait for a commit flush (measured ~1 ms per request on a logged table).
CREATE UNLOGGED TABLE rate_limits (
    key          text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL CHECK (hits > 0)
);

CREATE INDEX rate_limits_window_start_idx ON rate_limits (window_start);

-- migrate:down
DROP TABLE rate_limits;
