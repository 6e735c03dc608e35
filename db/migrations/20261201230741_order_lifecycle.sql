-- migrate:up
-- The order lifecycle (confirmed → shipped → delivered, confirmed → cancelled): new statuses,
-- the payment's reference and state, the shipment, and the history of every status change.
-- PostgreSQL cannot use an enum value in the transaction that adds it: nothing below does.
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'shipped';
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'delivered';
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'cancelled';

CREATE TYPE payment_status AS ENUM ('paid', 'refunded');
CREATE TYPE order_actor AS ENUM ('user', 'admin');

ALTER TABLE orders
    ADD COLUMN updated_at        timestamptz    NOT NULL DEFAULT now(),
    ADD COLUMN payment_status    payment_status NOT NULL DEFAULT 'paid',
    -- The charge's id at the payment gateway, what a refund names.
    ADD COLUMN payment_reference text           CHECK (char_length(payment_reference) BETWEEN 1 AND 255),
    -- Set when the order ships; either may stay null.
    ADD COLUMN carrier           text           CHECK (char_length(carrier) <= 100),
    ADD COLUMN tracking_number   text           CHECK (char_length(tracking_number) <= 100);

-- Orders placed so far were charged by the mock gateway, which kept no reference.
UPDATE orders SET updated_at = created_at, payment_reference = 'legacy-' || id;
ALTER TABLE orders ALTER COLUMN payment_reference SET NOT NULL;

-- `GET /admin/orders?status=`: keyset paging within one status.
CREATE INDEX orders_status_id_idx ON orders (status, id DESC);

-- One row per status an order has had, oldest first by id. The lifecycle has no cycles, so an
-- order has each status at most once; the unique key also serves reads by order_id.
CREATE TABLE order_status_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   integer      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status     order_status NOT NULL,
    actor      order_actor  NOT NULL,
    -- The cancel reason, null otherwise.
    note       text         CHECK (char_length(note) <= 500),
    created_at timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (order_id, status)
);

-- Every existing order has had one status, set by its buyer at checkout.
INSERT INTO order_status_history (order_id, status, actor, created_at)
SELECT id, status, 'user', created_at FROM orders ORDER BY id;

-- migrate:down
DROP TABLE order_status_history;
DROP INDEX orders_status_id_idx;
ALTER TABLE orders
    DROP COLUMN updated_at,
    DROP COLUMN payment_status,
    DROP COLUMN payment_reference,
    DROP COLUMN carrier,
    DROP COLUMN tracking_number;
DROP TYPE order_actor;
DROP TYPE payment_status;
-- Enum values cannot be dropped: the type is rebuilt. The cast fails, and the rollback with it,
-- while any order is shipped, delivered or cancelled.
ALTER TYPE order_status RENAME TO order_status_lifecycle;
CREATE TYPE order_status AS ENUM ('confirmed', 'payment_failed');
ALTER TABLE orders
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE order_status USING status::text::order_status,
    ALTER COLUMN status SET DEFAULT 'confirmed';
DROP TYPE order_status_lifecycle;
