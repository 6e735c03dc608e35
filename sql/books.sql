/*
  Book queries name their columns instead of `*`: a named prepared statement whose result
  type changes (a migration adding a column while servers run) fails until reconnect.
*/

/* @name insert_book */
INSERT INTO books (title, author, price, isbn, description, cover_image_url, publish_date)
VALUES (:title!, :author!, :price!::numeric, :isbn, :description, :coverImageUrl, :publishDate::date)
RETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at;

/* @name find_book */
SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
FROM books WHERE id = :id!;

/* Sort keys: title, price, created_at; a leading '-' sorts descending. Ties break on id. */
/* @name list_books */
SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
FROM books
WHERE :pattern::text IS NULL OR title ILIKE :pattern OR author ILIKE :pattern
ORDER BY
    CASE WHEN :sort! = 'title' THEN title END,
    CASE WHEN :sort! = '-title' THEN title END DESC,
    CASE WHEN :sort! = 'price' THEN price END,
    CASE WHEN :sort! = '-price' THEN price END DESC,
    CASE WHEN :sort! = 'created_at' THEN created_at END,
    CASE WHEN :sort! = '-created_at' THEN created_at END DESC,
    id
LIMIT :limit!::int OFFSET :offset!::int;

/* @name count_books */
SELECT count(*)::int AS "total!" FROM books
WHERE :pattern::text IS NULL OR title ILIKE :pattern OR author ILIKE :pattern;

/*
  A partial update: only the keys present in the JSON patch change,
  and a key present with null clears an optional field.
*/
/* @name update_book */
UPDATE books SET
    title           = CASE WHEN patch ? 'title' THEN patch->>'title' ELSE title END,
    author          = CASE WHEN patch ? 'author' THEN patch->>'author' ELSE author END,
    price           = CASE WHEN patch ? 'price' THEN (patch->>'price')::numeric ELSE price END,
    isbn            = CASE WHEN patch ? 'isbn' THEN patch->>'isbn' ELSE isbn END,
    description     = CASE WHEN patch ? 'description' THEN patch->>'description' ELSE description END,
    cover_image_url = CASE WHEN patch ? 'cover_image_url' THEN patch->>'cover_image_url' ELSE cover_image_url END,
    publish_date    = CASE WHEN patch ? 'publish_date' THEN (patch->>'publish_date')::date ELSE publish_date END,
    updated_at      = now()
FROM (SELECT :patch!::jsonb AS patch) AS input
WHERE id = :id!
RETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at;

/* @name set_book_stock */
UPDATE books SET stock_quantity = :quantity!, updated_at = now() WHERE id = :id!
RETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at;

/* @name delete_book */
DELETE FROM books WHERE id = :id! RETURNING id;
