/* Totals are computed here, in numeric: money never passes through a JS float. */
/* @name get_cart */
SELECT ci.id, ci.book_id, ci.quantity, b.title, b.author, b.price, b.cover_image_url,
       sum(ci.quantity) OVER ()::int AS "total_items!",
       round(sum(b.price * ci.quantity) OVER (), 2) AS "total_price!"
FROM carts c
JOIN cart_items ci ON ci.cart_id = c.id
JOIN books b ON b.id = ci.book_id
WHERE c.user_id = :userId!
ORDER BY ci.id;

/*
  Adds a line when the book exists, is in stock and is not in the cart yet; no row otherwise
  (explain_cart_item_not_added says why). Inserting takes a key-share lock on the cart row,
  so it waits for a running checkout of the same cart.
*/
/* @name add_cart_item */
WITH added AS (
    INSERT INTO cart_items (cart_id, book_id, quantity)
    SELECT c.id, b.id, :quantity!
    FROM carts c, books b
    WHERE c.user_id = :userId! AND b.id = :bookId! AND b.stock_quantity > 0
    ON CONFLICT (cart_id, book_id) DO NOTHING
    RETURNING id, book_id, quantity
)
SELECT a.id, a.book_id, a.quantity, b.title, b.author, b.price, b.cover_image_url
FROM added a JOIN books b ON b.id = a.book_id;

/* @name explain_cart_item_not_added */
SELECT
    EXISTS (SELECT 1 FROM carts WHERE user_id = :userId!) AS "has_cart!",
    (SELECT stock_quantity FROM books WHERE id = :bookId!) AS stock_quantity,
    EXISTS (
        SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
        WHERE c.user_id = :userId! AND ci.book_id = :bookId!
    ) AS "in_cart!";

/*
  Ownership is part of the statement. The share lock on the cart row makes the change
  wait for a running checkout of that cart instead of slipping under it.
*/
/* @name update_cart_item_quantity */
WITH updated AS (
    UPDATE cart_items ci SET quantity = :quantity!
    FROM (SELECT id FROM carts WHERE user_id = :userId! FOR SHARE) AS own_cart
    WHERE ci.id = :itemId! AND ci.cart_id = own_cart.id
    RETURNING ci.id, ci.book_id, ci.quantity
)
SELECT u.id, u.book_id, u.quantity, b.title, b.author, b.price, b.cover_image_url
FROM updated u JOIN books b ON b.id = u.book_id;

/* @name delete_cart_item */
DELETE FROM cart_items ci
USING (SELECT id FROM carts WHERE user_id = :userId! FOR SHARE) AS own_cart
WHERE ci.id = :itemId! AND ci.cart_id = own_cart.id
RETURNING ci.id;

/* @name cart_item_exists */
SELECT EXISTS (SELECT 1 FROM cart_items WHERE id = :itemId!) AS "exists!";
