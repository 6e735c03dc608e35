-- migrate:up
-- One cart per user, created with the user. Checkout locks this row first,
-- which serialises checkouts (and cart inserts, through the foreign key) per user.
CREATE TABLE carts (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    integer     NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cart_id    integer     NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    book_id    integer     NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    quantity   integer     NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cart_id, book_id)
);

CREATE INDEX cart_items_book_id_idx ON cart_items (book_id);

-- migrate:down
DROP TABLE cart_items;
DROP TABLE carts;
