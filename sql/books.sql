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

/*
  GET /books stays flat from ten thousand to a million books (README, "The catalog at scale").
  The service (src/modules/books/service.ts) reads the catalog's size and, with ?q=, the planner's
  estimate of the matches; it finds the page's ids in one of three ways, then reads those books
  (find_books_in_order):
  - list_book_ids_by_<sort>, no ?q=: the ids straight from the sort key's index (an index-only
    scan); a deep page walks `offset` index entries;
  - list_matching_ids_by_<sort>, a ?q= that many books match: a walk in the sort key's index that
    keeps the matches meets 20 of them within a few hundred rows;
  - search_book_ids, a ?q= that few books match: every match from the trigram indexes, sorted.
  One query per sort key and direction, since a walk in an index's order needs that order in the
  query (descending sorts have (key DESC, id) indexes of their own: ties break on ascending id).
  The page and count queries keep the pattern out of the planner's sight (as a sub-select,
  `(SELECT :pattern!::text)`, or inside coalesce): it then does not match it against the column
  statistics on every call (~1 ms with 1000 values each), and each plan is fixed by how its query
  is written, whatever the parameters and whether PostgreSQL plans per call or once (generic plan).
*/

/*
  The number of books as the planner sees it (reltuples scaled to the table's current size, null
  before the first VACUUM or ANALYZE), and whether title and author have statistics.
*/
/* @name get_catalog_statistics */
SELECT CASE WHEN c.reltuples < 0 THEN NULL
            WHEN c.relpages = 0 THEN c.reltuples::float8
            ELSE c.reltuples::float8 / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int)
       END AS books,
       (SELECT count(*) FROM pg_stats AS s
        WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname IN ('title', 'author')) = 2 AS "analyzed!"
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.oid = 'books'::regclass;

/* The exact number of books, counting at most :atMost. */
/* @name count_books */
SELECT count(*)::int AS "counted!" FROM (SELECT FROM books LIMIT :atMost!::int) AS counted;

/*
  How many books a ?q= pattern matches, as the planner estimates it from the statistics of title
  and author ("Plan Rows"), and whether it would use the trigram indexes. Planned, not run.
*/
/* @name estimate_books_matching */
EXPLAIN (FORMAT JSON) SELECT FROM books WHERE title ILIKE :pattern! OR author ILIKE :pattern!;

/*
  Finding a pattern's matches, here and in search_book_ids: through the trigram indexes, unless the
  pattern has no trigram (fewer than three letters, e.g. "zq": the trigram indexes would hand back
  every row to check), then in one sequential scan. :trigrams picks the branch (the estimate's plan
  says which one the planner would use); the other one is skipped before it reads a row.
*/

/* The exact number of books a ?q= pattern matches, counting at most :atMost. */
/* @name count_books_matching */
SELECT count(*)::int AS "counted!" FROM (
    SELECT FROM books
    WHERE :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text))
    UNION ALL
    SELECT FROM books
    WHERE NOT :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text)) IS TRUE
    LIMIT :atMost!::int
) AS matches;

/* The books of a page, in the order of their ids. */
/* @name find_books_in_order */
SELECT b.id, b.title, b.author, b.price, b.isbn, b.description, b.cover_image_url, b.publish_date, b.stock_quantity, b.created_at, b.updated_at
FROM unnest(:ids!::int[]) WITH ORDINALITY AS page (id, n)
JOIN books AS b ON b.id = page.id
ORDER BY page.n;

/* @name list_book_ids_by_title */
SELECT id FROM books ORDER BY title, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_book_ids_by_title_desc */
SELECT id FROM books ORDER BY title DESC, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_book_ids_by_price */
SELECT id FROM books ORDER BY price, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_book_ids_by_price_desc */
SELECT id FROM books ORDER BY price DESC, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_book_ids_by_created_at */
SELECT id FROM books ORDER BY created_at, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_book_ids_by_created_at_desc */
SELECT id FROM books ORDER BY created_at DESC, id LIMIT :limit!::int OFFSET :offset!::int;

/*
  `coalesce(…, false)` changes nothing (neither side is ever null) but hides the match from the
  planner, which then assumes half the books match (these queries run only when many do) and walks
  the sort key's index at any page, never the trigram indexes (fetching every match is
  search_book_ids's way).
*/
/* @name list_matching_ids_by_title */
SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
ORDER BY title, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_matching_ids_by_title_desc */
SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
ORDER BY title DESC, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_matching_ids_by_price */
SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
ORDER BY price, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_matching_ids_by_price_desc */
SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
ORDER BY price DESC, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_matching_ids_by_created_at */
SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
ORDER BY created_at, id LIMIT :limit!::int OFFSET :offset!::int;

/* @name list_matching_ids_by_created_at_desc */
SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
ORDER BY created_at DESC, id LIMIT :limit!::int OFFSET :offset!::int;

/*
  The ids of one page of every book a ?q= pattern matches, and their number: the matches are found
  (see count_books_matching) and numbered in the page's order (no index has it: a sort gives it).
  Past the last page the last match alone comes back, not on the page, to carry the number.
  Sort keys: title, price, created_at; a leading '-' sorts descending; ties break on ascending id.
*/
/* @name search_book_ids */
SELECT id AS "id!", total AS "total!", n > :offset!::int AS "on_page!" FROM (
    SELECT id, count(*) OVER ()::int AS total,
           row_number() OVER (ORDER BY
               CASE WHEN :sort! = 'title' THEN title END,
               CASE WHEN :sort! = '-title' THEN title END DESC,
               CASE WHEN :sort! = 'price' THEN price END,
               CASE WHEN :sort! = '-price' THEN price END DESC,
               CASE WHEN :sort! = 'created_at' THEN created_at END,
               CASE WHEN :sort! = '-created_at' THEN created_at END DESC,
               id) AS n
    FROM (
        SELECT id, title, price, created_at FROM books
        WHERE :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text))
        UNION ALL
        SELECT id, title, price, created_at FROM books
        WHERE NOT :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text)) IS TRUE
    ) AS found
) AS matches
WHERE (n > :offset!::int AND n <= :offset!::int + :limit!::int) OR (n = total AND total <= :offset!::int)
ORDER BY n;

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
