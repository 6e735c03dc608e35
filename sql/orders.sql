/*
  Order reads take two statements whatever the page size: the orders, then all their
  lines at once (list_order_items).
*/

/* A user's history, newest first, keyset-paged on (user_id, id DESC). */
/* @name list_orders */
SELECT id, user_id, status, created_at FROM orders
WHERE user_id = :userId! AND id < :before!::int
ORDER BY id DESC
LIMIT :limit!::int;

/* Every user's orders, newest first (admin). */
/* @name list_all_orders */
SELECT id, user_id, status, created_at FROM orders
WHERE id < :before!::int
ORDER BY id DESC
LIMIT :limit!::int;

/* @name get_order_for_user */
SELECT id, user_id, status, created_at FROM orders WHERE id = :orderId! AND user_id = :userId!;

/* Book columns come from a LEFT JOIN (null once the book is deleted), hence the "?" aliases. */
/* @name list_order_items */
SELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,
       b.title AS "book_title?", b.author AS "book_author?",
       round(sum(i.unit_price * i.quantity) OVER (PARTITION BY i.order_id), 2) AS "order_total!"
FROM order_items i
LEFT JOIN books b ON b.id = i.book_id
WHERE i.order_id = ANY (:orderIds!::int[])
ORDER BY i.order_id, i.id;
