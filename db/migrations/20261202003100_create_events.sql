-- migrate:up
-- The transactional outbox (SPEC.md, Order events, webhooks and email): every order status
-- change writes an event and its deliveries in the transaction of the change; the dispatcher
-- in every API process sends them afterwards.

CREATE TABLE webhook_endpoints (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url         text        NOT NULL CHECK (char_length(url) <= 2048),
    -- The event types it subscribes to (checked against the known types by the API).
    events      text[]      NOT NULL CHECK (cardinality(events) > 0),
    description text        CHECK (char_length(description) <= 500),
    -- whsec_<base64 key>: needed in the clear to sign, shown to the admin only at creation.
    secret      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
    -- evt_<UUIDv7>: unique, time-ordered, the webhook-id of every attempt.
    id         text        PRIMARY KEY,
    type       text        NOT NULL,
    -- No foreign key: an event is a record of what was sent, and checkout pays for no extra index.
    order_id   integer     NOT NULL,
    -- The exact body sent: json (not jsonb) keeps the text as written, so every retry sends the
    -- same bytes.
    payload    json        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TYPE delivery_channel AS ENUM ('webhook', 'email');
CREATE TYPE delivery_status AS ENUM ('pending', 'delivered', 'failed');

CREATE TABLE deliveries (
    id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         text             NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    channel          delivery_channel NOT NULL,
    -- Deleting an endpoint drops its deliveries, pending ones included.
    endpoint_id      integer          REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- The buyer's address when the event was recorded.
    recipient        text,
    status           delivery_status  NOT NULL DEFAULT 'pending',
    -- Attempts started so far (a claim counts one: a process killed mid-attempt used it up).
    attempts         integer          NOT NULL DEFAULT 0,
    -- `attempts` when an admin last retried it: the retry gets a fresh budget of attempts.
    attempts_before_retry integer     NOT NULL DEFAULT 0,
    -- When it is due. A claim moves it past the attempt's end (the lease): a process killed
    -- mid-attempt leaves it due again once that passes, and no other process takes it before.
    next_attempt_at  timestamptz      NOT NULL DEFAULT now(),
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    CHECK ((channel = 'webhook') = (endpoint_id IS NOT NULL)),
    CHECK ((channel = 'email') = (recipient IS NOT NULL))
);

-- What the dispatcher claims: pending deliveries by due time.
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
-- GET /admin/webhooks/{id}/deliveries: keyset paging per endpoint.
CREATE INDEX deliveries_endpoint_idx ON deliveries (endpoint_id, id DESC) WHERE endpoint_id IS NOT NULL;
-- No index on event_id: nothing reads deliveries by event, events are never deleted, and every
-- index costs each of a delivery's three writes (insert, claim, outcome).

-- migrate:down
DROP TABLE deliveries;
DROP TYPE delivery_status;
DROP TYPE delivery_channel;
DROP TABLE events;
DROP TABLE webhook_endpoints;
