/*
  The statements of one checkout transaction, in the order they run, numbered as the steps
  of SPEC.md (Orders). Their number does not depend on the number of cart lines.
*/

/* Step 1. Serialises checkouts of one user: a second one waits here, then finds the cart empty. */
/* @name lock_cart */
SELECT id FROM carts WHERE user_id = :userId! FOR UPDATE;

/*
  Step 2. The cart's lines with their books locked in ascending id order, so concurrent
  checkouts always take book locks in the same order and cannot deadlock. After waiting
  for a lock PostgreSQL re-reads the book, so stock_quantity is the committed value.
*/
/* @name lock_books_for_update */
SELECT b.id AS book_id, b.title, b.author, b.price, b.stock_quantity, ci.quantity
FROM cart_items ci
JOIN books b ON b.id = ci.book_id
WHERE ci.cart_id = :cartId!
ORDER BY b.id
FOR UPDATE OF b;

/*
  Step 5, after the stock check (3) and the payment (4) in the service: the order, its lines
  and its first history entry (confirmed, by its buyer); unit_price is the locked book's price
  now, payment_reference the charge's id at the gateway (what a refund names).
*/
/* @name insert_order */
WITH new_order AS (
    INSERT INTO orders (user_id, status, payment_status, payment_reference)
    VALUES (:userId!, 'confirmed', 'paid', :paymentReference!)
    RETURNING id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number
), new_items AS (
    INSERT INTO order_items (order_id, book_id, quantity, unit_price)
    SELECT o.id, b.id, line.quantity, b.price
    FROM new_order o
    CROSS JOIN unnest(:bookIds!::int[], :quantities!::int[]) AS line (book_id, quantity)
    JOIN books b ON b.id = line.book_id
    ORDER BY b.id
    RETURNING id, order_id, book_id, quantity, unit_price
), new_entry AS (
    INSERT INTO order_status_history (order_id, status, actor)
    SELECT id, status, 'user' FROM new_order
    RETURNING order_id, status, actor, note, created_at
)
SELECT o.id, o.user_id, o.status, o.created_at, o.updated_at, o.payment_status, o.carrier, o.tracking_number,
       h.status AS history_status, h.actor AS history_actor, h.note AS history_note, h.created_at AS history_created_at,
       i.id AS item_id, i.book_id, i.quantity, i.unit_price,
       round(sum(i.unit_price * i.quantity) OVER (), 2) AS "total_price!"
FROM new_order o
JOIN new_entry h ON h.order_id = o.id
JOIN new_items i ON i.order_id = o.id
ORDER BY i.id;

/*
  Step 6. Guarded in SQL: a line whose stock would go negative is not updated, and the
  caller compares the returned rows with the line count (the CHECK constraint backs it up).
*/
/* @name decrement_stock */
UPDATE books b
SET stock_quantity = b.stock_quantity - line.quantity, updated_at = now()
FROM unnest(:bookIds!::int[], :quantities!::int[]) AS line (book_id, quantity)
WHERE b.id = line.book_id AND b.stock_quantity >= line.quantity
RETURNING b.id;

/* Step 7. Then COMMIT (step 8). */
/* @name clear_cart */
DELETE FROM cart_items WHERE cart_id = :cartId! RETURNING id;
