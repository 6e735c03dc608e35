-- migrate:up
-- Idempotency-Key claims and their recorded responses (checkout). A row is a claim while
-- response_status is null: held by claim_id until locked_until, after which another
-- request may take it over. Kept 24 hours.
CREATE TABLE idempotency_keys (
    user_id         integer     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    route           text        NOT NULL,
    key             text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    fingerprint     text        NOT NULL,
    claim_id        uuid        NOT NULL,
    locked_until    timestamptz,
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, route, key),
    CHECK ((response_status IS NULL) = (response_body IS NULL))
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- migrate:down
DROP TABLE idempotency_keys;
