/*
  Order reads take two statements whatever the page size: the orders (with their history for
  one order's detail), then all their lines at once (list_order_items).
*/

/*
  Paging stays flat whatever the table holds only if the filtered lists walk their own index,
  (user_id, id DESC) or (status, id DESC). With `user_id = :userId` the planner may walk the
  primary key backwards instead and skip every newer order of other users: it prices that as
  cheap when a few users hold most orders, and then an old customer's first page costs the
  whole table. So the filter is written as a one-value range and the rows ordered by
  (filter column, id DESC): only the filter's index gives that order. For the same reason
  each filter has its own statement (one statement with optional filters, `status =
  coalesce(:status, status)`, gets a generic plan on the primary key).
*/

/* A user's history, newest first, keyset-paged on (user_id, id DESC). */
/* @name list_orders */
SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
WHERE user_id >= :userId! AND user_id <= :userId! AND id < :before!::int
ORDER BY user_id, id DESC
LIMIT :limit!::int;

/* A user's orders in one status, newest first (admin). */
/* @name list_orders_of_user_in_status */
SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
WHERE user_id >= :userId! AND user_id <= :userId! AND status = :status! AND id < :before!::int
ORDER BY user_id, id DESC
LIMIT :limit!::int;

/* Every user's orders, newest first (admin). */
/* @name list_all_orders */
SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
WHERE id < :before!::int
ORDER BY id DESC
LIMIT :limit!::int;

/* Every user's orders in one status, newest first (admin), keyset-paged on (status, id DESC). */
/* @name list_orders_in_status */
SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
WHERE status >= :status! AND status <= :status! AND id < :before!::int
ORDER BY status, id DESC
LIMIT :limit!::int;

/*
  One order with its history, a row per status it has had, oldest first; userId, when given,
  must own it (a user's own orders), otherwise any user's (admin).
*/
/* @name get_order_with_history */
SELECT o.id, o.user_id, o.status, o.created_at, o.updated_at, o.payment_status, o.carrier, o.tracking_number,
       h.status AS history_status, h.actor AS history_actor, h.note AS history_note, h.created_at AS history_created_at
FROM orders o
JOIN order_status_history h ON h.order_id = o.id
WHERE o.id = :orderId! AND o.user_id = coalesce(:userId, o.user_id)
ORDER BY h.id;

/* Book columns come from a LEFT JOIN (null once the book is deleted), hence the "?" aliases. */
/* @name list_order_items */
SELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,
       b.title AS "book_title?", b.author AS "book_author?",
       round(sum(i.unit_price * i.quantity) OVER (PARTITION BY i.order_id), 2) AS "order_total!"
FROM order_items i
LEFT JOIN books b ON b.id = i.book_id
WHERE i.order_id = ANY (:orderIds!::int[])
ORDER BY i.order_id, i.id;
