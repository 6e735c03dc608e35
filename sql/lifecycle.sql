/*
  The order lifecycle (src/modules/orders/lifecycle.ts holds the table of its arrows). Every
  arrow is one guarded statement; a cancel adds the restock, in the same transaction.
*/

/*
  Moves an order along one arrow, from :from to :to, and records the change in its history.
  Guarded: it changes the order only while its status is :from (and, on the owner's route,
  while :ownerId owns it); no row back means refused, and only then does the caller look the
  order up (find_order_status) to answer 404 or 409. The UPDATE takes the order's row lock, so
  a concurrent action on the same order waits for it and then re-checks the status against the
  committed row: of two racing actions exactly one changes the order.
  :paymentStatus, when given, is the new payment status (a cancel refunds); :setShipment sets
  carrier and tracking number (shipping). Returns the order, the amount it was charged, and
  its whole history (a row per entry, oldest first, this change last).
*/
/* @name transition_order */
WITH changed AS (
    UPDATE orders
    SET status = :to!,
        updated_at = now(),
        payment_status = coalesce(:paymentStatus, payment_status),
        carrier = CASE WHEN :setShipment! THEN :carrier ELSE carrier END,
        tracking_number = CASE WHEN :setShipment! THEN :trackingNumber ELSE tracking_number END
    WHERE id = :orderId! AND status = :from! AND user_id = coalesce(:ownerId, user_id)
    RETURNING id, user_id, status, created_at, updated_at, payment_status, payment_reference, carrier, tracking_number
), entry AS (
    INSERT INTO order_status_history (order_id, status, actor, note)
    SELECT id, status, :actor!, :note FROM changed
    RETURNING id, status, actor, note, created_at
), history AS (
    -- Earlier entries (this statement does not see its own insert), then the new one.
    SELECT h.id, h.status, h.actor, h.note, h.created_at
    FROM order_status_history h JOIN changed c ON h.order_id = c.id
    UNION ALL
    SELECT id, status, actor, note, created_at FROM entry
)
SELECT c.id, c.user_id, c.status, c.created_at, c.updated_at, c.payment_status, c.payment_reference,
       c.carrier, c.tracking_number,
       (SELECT round(sum(i.unit_price * i.quantity), 2) FROM order_items i WHERE i.order_id = c.id) AS "amount!",
       h.status AS "history_status!", h.actor AS "history_actor!", h.note AS history_note,
       h.created_at AS "history_created_at!"
FROM changed c
CROSS JOIN history h
ORDER BY h.id;

/* Only when transition_order refused: tells 404 (no such order, or not the owner's) from 409. */
/* @name find_order_status */
SELECT user_id, status FROM orders WHERE id = :orderId!;

/*
  A cancel's restock, right after transition_order under the order's lock: every line's
  quantity back to its book's stock in one statement whatever the number of lines (a book on
  several lines gets their sum). Lines whose book was deleted have book_id null and are
  skipped. The books are locked in ascending id order first, as checkout locks them, so
  cancels and checkouts sharing books cannot deadlock. Returns the order's lines as
  list_order_items does.
*/
/* @name restock_order */
WITH lines AS (
    SELECT book_id, sum(quantity)::int AS quantity
    FROM order_items
    WHERE order_id = :orderId! AND book_id IS NOT NULL
    GROUP BY book_id
), locked AS MATERIALIZED (
    SELECT b.id FROM books b JOIN lines l ON l.book_id = b.id
    ORDER BY b.id
    FOR UPDATE OF b
), restocked AS (
    UPDATE books b
    SET stock_quantity = b.stock_quantity + l.quantity, updated_at = now()
    FROM lines l JOIN locked k ON k.id = l.book_id
    WHERE b.id = l.book_id
    RETURNING b.id
)
SELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,
       b.title AS "book_title?", b.author AS "book_author?",
       round(sum(i.unit_price * i.quantity) OVER (), 2) AS "order_total!"
FROM order_items i
LEFT JOIN books b ON b.id = i.book_id
WHERE i.order_id = :orderId!
ORDER BY i.id;
