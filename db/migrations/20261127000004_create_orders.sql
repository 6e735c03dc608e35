-- migrate:up
CREATE TYPE order_status AS ENUM ('confirmed', 'payment_failed');

CREATE TABLE orders (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    integer      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status     order_status NOT NULL DEFAULT 'confirmed',
    created_at timestamptz  NOT NULL DEFAULT now()
);

-- Keyset paging of a user's history: WHERE user_id = $1 AND id < $before ORDER BY id DESC.
CREATE INDEX orders_user_id_id_idx ON orders (user_id, id DESC);

CREATE TABLE order_items (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   integer       NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    -- Null once the book is deleted: the order line and its price stay.
    book_id    integer       REFERENCES books (id) ON DELETE SET NULL,
    quantity   integer       NOT NULL CHECK (quantity > 0),
    unit_price numeric(10,2) NOT NULL CHECK (unit_price > 0)
);

CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_book_id_idx ON order_items (book_id);

-- migrate:down
DROP TABLE order_items;
DROP TABLE orders;
DROP TYPE order_status;
