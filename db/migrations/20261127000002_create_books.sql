-- migrate:up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE books (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           text          NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    author          text          NOT NULL CHECK (char_length(author) BETWEEN 1 AND 255),
    price           numeric(10,2) NOT NULL CHECK (price > 0),
    isbn            text          UNIQUE CHECK (isbn ~ '^([0-9]{9}[0-9X]|[0-9]{13})$'),
    description     text,
    cover_image_url text          CHECK (char_length(cover_image_url) <= 2048),
    publish_date    date,
    stock_quantity  integer       NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now()
);

-- `?q=` searches title and author with ILIKE '%…%'; trigram indexes keep it off a full scan.
CREATE INDEX books_title_trgm_idx ON books USING gin (title gin_trgm_ops);
CREATE INDEX books_author_trgm_idx ON books USING gin (author gin_trgm_ops);
CREATE INDEX books_title_idx ON books (title, id);
CREATE INDEX books_price_idx ON books (price, id);
CREATE INDEX books_created_at_idx ON books (created_at, id);

-- migrate:down
DROP TABLE books;
