-- migrate:up
CREATE TYPE user_role AS ENUM ('user', 'admin');

CREATE TABLE users (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 320),
    password_hash text        NOT NULL,
    role          user_role   NOT NULL DEFAULT 'user',
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Emails compare case-insensitively; the service also stores them lower-cased.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Refresh tokens are opaque to clients and stored only as SHA-256 hashes.
-- A family is one login session: every rotation adds a token to it, and
-- presenting an already-rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     integer     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid        NOT NULL,
    token_hash  text        NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

-- migrate:down
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TYPE user_role;
