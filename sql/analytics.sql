/*
  Admin analytics (SPEC.md, Admin analytics). Counted: orders not cancelled, by created_at.
  Periods are calendar periods in UTC: :unit is day, week (ISO, from Monday), month or year,
  :now the end of the current one. The rollups (sales_by_day, book_sales; integer cents) are
  kept by record_order_sales; what they cannot answer (part of a day) is read from the orders.
  Every figure is summed and rounded in SQL; money leaves as numeric text with two places.
  Lines of orders read directly are read per order (a LATERAL aggregate, which the planner
  cannot flatten): one index probe each, never a hash join over all of order_items, which it
  picks when it misjudges how many orders a time range holds.
*/

/*
  Checkout (:sign 1) adds the order's lines to the rollups of its creation day, week, month and
  year; cancel (:sign -1) subtracts them. One statement, in the caller's
  transaction, under the locks it already holds on the order's books, so the per-book rows
  bring no new contention; the day's totals row is sharded by connection.
*/
/* @name record_order_sales */
WITH o AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day FROM orders WHERE id = :orderId!
), lines AS (
    SELECT i.book_id, :sign!::int * sum(i.quantity)::int AS units, :sign!::int * sum(i.unit_price * i.quantity * 100)::bigint AS cents
    FROM order_items i
    WHERE i.order_id = :orderId!
    GROUP BY i.book_id
), totals AS (
    INSERT INTO sales_by_day AS s (day, shard, orders, units, revenue_cents)
    SELECT o.day, pg_backend_pid() % 16, :sign!::int, sum(l.units), sum(l.cents)
    FROM o CROSS JOIN lines l
    GROUP BY o.day
    ON CONFLICT (day, shard) DO UPDATE
    SET orders = s.orders + excluded.orders, units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents
    RETURNING 1
), books AS (
    INSERT INTO book_sales AS s (period, period_start, book_id, units, revenue_cents)
    SELECT p.period, date_trunc(p.period, o.day::timestamp)::date, l.book_id, l.units, l.cents
    FROM o CROSS JOIN lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
    ORDER BY 1, 2, 3
    ON CONFLICT (period, period_start, book_id) DO UPDATE
    SET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents
    RETURNING 1
)
SELECT (SELECT count(*) FROM totals)::int AS "totals!", (SELECT count(*) FROM books)::int AS "books!";

/*
  GET /admin/analytics/sales: the current period [from, now) and the previous one, from its
  start for the same elapsed time but not past its end, in one statement. A range [lo, hi) is
  its whole days from sales_by_day plus its last partial day, [midnight of hi, hi), from the
  orders. average_order_value
  is revenue / orders; change is (current − previous) / previous × 100 from the unrounded
  values, null when previous is 0. round() on numeric rounds half away from zero.
*/
/* @name sales_summary */
WITH bounds AS (
    SELECT start, now, start - ('1 ' || :unit!)::interval AS previous_start
    FROM (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start,
                 :now!::timestamptz AT TIME ZONE 'UTC' AS now) n
), ranges AS (
    SELECT 1 AS which, start AS lo, now AS hi FROM bounds
    UNION ALL
    SELECT 2, previous_start, least(previous_start + (now - start), start) FROM bounds
), days AS (
    SELECT which, lo, hi, date_trunc('day', hi) AS whole_to FROM ranges
), rolled AS (
    SELECT d.which, sum(s.orders) AS orders, sum(s.units) AS units, sum(s.revenue_cents) AS cents
    FROM days d JOIN sales_by_day s ON s.day >= d.lo::date AND s.day < d.whole_to::date
    GROUP BY d.which
), partial AS (
    SELECT d.which, count(*) AS orders, sum(l.units) AS units, sum(l.cents) AS cents
    FROM days d
    JOIN orders o ON o.created_at >= d.whole_to AT TIME ZONE 'UTC' AND o.created_at < d.hi AT TIME ZONE 'UTC'
    CROSS JOIN LATERAL (
        SELECT sum(i.quantity) AS units, sum(i.unit_price * i.quantity * 100) AS cents FROM order_items i WHERE i.order_id = o.id
    ) l
    WHERE o.status <> 'cancelled'
    GROUP BY d.which
), figures AS (
    SELECT d.which, d.lo, d.hi,
           coalesce(r.orders, 0) + coalesce(p.orders, 0) AS orders,
           coalesce(r.units, 0) + coalesce(p.units, 0) AS units,
           (coalesce(r.cents, 0) + coalesce(p.cents, 0)) / 100 AS revenue
    FROM days d
    LEFT JOIN rolled r ON r.which = d.which
    LEFT JOIN partial p ON p.which = d.which
)
SELECT c.lo AT TIME ZONE 'UTC' AS "from!", c.hi AT TIME ZONE 'UTC' AS "to!",
       round(c.revenue, 2)::text AS "revenue!", c.orders::int AS "orders!", c.units::int AS "units!",
       round(CASE WHEN c.orders > 0 THEN c.revenue / c.orders ELSE 0 END, 2)::text AS "average_order_value!",
       p.lo AT TIME ZONE 'UTC' AS "previous_from!", p.hi AT TIME ZONE 'UTC' AS "previous_to!",
       round(p.revenue, 2)::text AS "previous_revenue!", p.orders::int AS "previous_orders!", p.units::int AS "previous_units!",
       round(CASE WHEN p.orders > 0 THEN p.revenue / p.orders ELSE 0 END, 2)::text AS "previous_average_order_value!",
       round((c.revenue - p.revenue) * 100 / nullif(p.revenue, 0), 2)::text AS revenue_change,
       round((c.orders - p.orders) * 100.0 / nullif(p.orders, 0), 2)::text AS orders_change,
       -- (c.revenue / c.orders) / (p.revenue / p.orders) − 1 in one division; no current
       -- orders means an average of 0: −100 %.
       round(CASE WHEN p.orders = 0 THEN NULL WHEN c.orders = 0 THEN -100
                  ELSE (c.revenue * p.orders - p.revenue * c.orders) * 100 / (p.revenue * c.orders) END, 2)::text
           AS average_order_value_change
FROM figures c JOIN figures p ON c.which = 1 AND p.which = 2;

/*
  GET /admin/analytics/top-books: the current period's books by revenue or units (:byUnits),
  best first, ties on ascending book id, null (deleted books) last. A week, month or year: the
  period's rollup row of each book, less what orders of the period created at or after :now
  added (none in production, where an order is created at its checkout; some when :now is an
  earlier instant). A day: its orders up to :now. A book id no longer in books is a deleted
  book's: summed under null with the null lines.
*/
/* @name top_books */
WITH bounds AS (
    SELECT start, now, :unit! = 'day' AS from_orders,
           -- The orders read: a day's up to now (added), else the period's after now (taken off).
           CASE WHEN :unit! = 'day' THEN start ELSE now END AS orders_from,
           CASE WHEN :unit! = 'day' THEN now ELSE start + ('1 ' || :unit!)::interval END AS orders_to
    FROM (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start,
                 :now!::timestamptz AT TIME ZONE 'UTC' AS now) n
), sold AS (
    SELECT s.book_id, s.units, s.revenue_cents AS cents
    FROM bounds, book_sales s
    WHERE s.period = :unit! AND s.period_start = bounds.start::date
    UNION ALL
    SELECT l.book_id, CASE WHEN from_orders THEN l.units ELSE -l.units END, CASE WHEN from_orders THEN l.cents ELSE -l.cents END
    FROM bounds
    JOIN orders o ON o.created_at >= bounds.orders_from AT TIME ZONE 'UTC' AND o.created_at < bounds.orders_to AT TIME ZONE 'UTC'
    CROSS JOIN LATERAL (
        SELECT i.book_id, sum(i.quantity)::int AS units, sum(i.unit_price * i.quantity * 100)::bigint AS cents
        FROM order_items i WHERE i.order_id = o.id GROUP BY i.book_id
    ) l
    WHERE o.status <> 'cancelled'
), per_id AS (
    SELECT book_id, sum(units) AS units, sum(cents) AS cents FROM sold GROUP BY book_id
), named AS MATERIALIZED (
    SELECT b.id, b.title, b.author, p.units, p.cents FROM per_id p LEFT JOIN books b ON b.id = p.book_id
), ranked AS (
    SELECT id, title, author, units, cents FROM named WHERE id IS NOT NULL
    UNION ALL
    SELECT NULL, NULL, NULL, sum(units), sum(cents) FROM named WHERE id IS NULL
)
SELECT id AS "book_id?", title AS "title?", author AS "author?", units::int AS "units!", round(cents / 100.0, 2)::text AS "revenue!"
FROM ranked
WHERE units > 0
ORDER BY CASE WHEN :byUnits! THEN units ELSE cents END DESC, id NULLS LAST
LIMIT :limit!::int;

/* GET /admin/analytics/low-stock: books at or below :threshold, lowest first, ties on id. */
/* @name low_stock */
SELECT id, title, author, stock_quantity
FROM books
WHERE stock_quantity <= :threshold!::int
ORDER BY stock_quantity, id
LIMIT :limit!::int;
