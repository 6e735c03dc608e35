-- migrate:up
-- Rate-limit counters shared by every API process: one row per key (policy and client), counting
-- the requests of the current one-minute window. Rows of past windows are pruned hourly.
CREATE TABLE rate_limits (
    key          text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL CHECK (hits > 0)
);

CREATE INDEX rate_limits_window_start_idx ON rate_limits (window_start);

-- migrate:down
DROP TABLE rate_limits;
