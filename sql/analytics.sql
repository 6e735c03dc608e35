/*
  Admin analytics (SPEC.md, Admin analytics). Counted: orders not cancelled, by created_at.
  Periods are calendar periods in UTC: :unit is day, week (ISO, from Monday), month or year,
  :now the end of the current one. The rollups (daily_sales, book_period_sales; integer cents) hold
  the closed days, those before sales_rollup_state.closed_before; every later order is read
  from the orders, in the same statement (one snapshot: a closing commits the rollups and the
  new closed_before together). Every figure is summed and rounded in SQL; money leaves as
  numeric text with two places.
  Lines of orders read directly are read per order (a LATERAL aggregate, which the planner
  cannot flatten): one index probe each, never a hash join over all of order_items, which it
  picks when it misjudges how many orders a time range holds.
*/

/*
  Closing days: the rollups take in whole UTC days once they are over, from
  sales_rollup_state.closed_before on — about :ordersPerClose orders' days per statement (one
  day's, however many it holds), so that a closing holds its lock for a bounded time. Run
  after lock_sales_rollups (FOR UPDATE, its own statement, so that this one's snapshot is taken
  after every cancel holding the row FOR SHARE has committed). A day closes only when no
  transaction that began on it or before is still open (a checkout's order is stamped with its
  transaction's start) and five minutes have passed since its end. The open transactions are
  read by the lock statement (:oldestOpenSince), before this statement's snapshot: one that
  ended in between is in the snapshot. :now (tests) stands for the database's now().
*/
/* @name lock_sales_rollups */
SELECT (SELECT min(xact_start) FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()) AS oldest_open_since
FROM sales_rollup_state FOR UPDATE;

/* @name close_sales_days */
WITH bounds AS (
    SELECT closed_before AS lo,
           greatest(closed_before, least(
               -- Up to the day of the order :ordersPerClose after the first unclosed one: a bounded amount of work.
               greatest(closed_before + 1, coalesce((
                   SELECT (created_at AT TIME ZONE 'UTC')::date FROM orders WHERE created_at >= closed_before::timestamp AT TIME ZONE 'UTC'
                   ORDER BY created_at OFFSET :ordersPerClose!::int LIMIT 1), 'infinity')),
               ((coalesce(:now::timestamptz, now()) - interval '5 minutes') AT TIME ZONE 'UTC')::date,
               (:oldestOpenSince::timestamptz AT TIME ZONE 'UTC')::date
           )) AS hi
    FROM sales_rollup_state
), lines AS (
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.id AS order_id, i.book_id, i.quantity, i.unit_price * i.quantity * 100 AS cents
    FROM bounds b
    JOIN orders o ON o.created_at >= b.lo::timestamp AT TIME ZONE 'UTC' AND o.created_at < b.hi::timestamp AT TIME ZONE 'UTC'
    JOIN order_items i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
), days AS (
    INSERT INTO daily_sales (day, orders, units, revenue_cents)
    SELECT day, count(DISTINCT order_id), sum(quantity), sum(cents) FROM lines GROUP BY day
), books AS (
    INSERT INTO book_period_sales AS s (period, period_start, book_id, units, revenue_cents)
    SELECT p.period, date_trunc(p.period, l.day::timestamp)::date, l.book_id, sum(l.quantity), sum(l.cents)
    FROM lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
    GROUP BY 1, 2, 3
    ON CONFLICT (period, period_start, book_id) DO UPDATE
    SET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents
), moved AS (
    UPDATE sales_rollup_state SET closed_before = b.hi FROM bounds b WHERE b.hi > b.lo
)
-- The writes above run whether or not this reads them (PostgreSQL runs data-modifying CTEs once, to completion).
SELECT (b.hi - b.lo)::int AS "days!" FROM bounds b;

/*
  A cancel takes its order off the rollups if its day is closed (else the order was never in
  them), in the cancel's transaction. FOR SHARE waits for a closing in progress and then reads
  the row it committed, so an order is taken off exactly when closing counted it.
*/
/* @name take_off_cancelled_sales */
WITH state AS (
    SELECT closed_before FROM sales_rollup_state FOR SHARE
), o AS (
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day
    FROM orders o, state s
    WHERE o.id = :orderId! AND o.created_at < s.closed_before::timestamp AT TIME ZONE 'UTC'
), lines AS (
    SELECT i.book_id, sum(i.quantity)::int AS units, sum(i.unit_price * i.quantity * 100)::bigint AS cents
    FROM o CROSS JOIN order_items i
    WHERE i.order_id = :orderId!
    GROUP BY i.book_id
), totals AS (
    -- Upserts, not UPDATEs: the closing that this statement waited for inserted these rows after
    -- its snapshot, which an UPDATE would not see (ON CONFLICT sees them).
    INSERT INTO daily_sales AS s (day, orders, units, revenue_cents)
    SELECT o.day, -1, -sum(l.units), -sum(l.cents)
    FROM o CROSS JOIN lines l
    GROUP BY o.day
    ON CONFLICT (day) DO UPDATE
    SET orders = s.orders + excluded.orders, units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents
)
INSERT INTO book_period_sales AS s (period, period_start, book_id, units, revenue_cents)
SELECT p.period, date_trunc(p.period, o.day::timestamp)::date, l.book_id, -l.units, -l.cents
FROM o CROSS JOIN lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
ORDER BY 1, 2, 3
ON CONFLICT (period, period_start, book_id) DO UPDATE
SET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents;

/*
  Empties the rollups and makes them start at :closedBefore (by default the first order's day):
  what a bulk load that bypasses checkout (bun run analytics:rebuild) runs before closing its
  days again. After lock_sales_rollups, so that no closing or cancel writes the rollups meanwhile.
*/
/* @name reset_sales_rollups */
WITH days AS (DELETE FROM daily_sales), books AS (DELETE FROM book_period_sales)
UPDATE sales_rollup_state
SET closed_before = coalesce(:closedBefore::date, (SELECT (min(created_at) AT TIME ZONE 'UTC')::date FROM orders), (now() AT TIME ZONE 'UTC')::date);

/*
  GET /admin/analytics/sales: the current period [from, now) and the previous one, from its
  start for the same elapsed time but not past its end, in one statement. A range [lo, hi) is
  split where the rollups stop serving it (the midnight of hi, or closed_before if earlier):
  whole closed days from daily_sales, the rest from the orders. average_order_value
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
    SELECT which, lo, hi, greatest(lo, least(date_trunc('day', hi), closed_before::timestamp)) AS split
    FROM ranges, sales_rollup_state
), rolled AS (
    SELECT d.which, sum(s.orders) AS orders, sum(s.units) AS units, sum(s.revenue_cents) AS cents
    FROM days d JOIN daily_sales s ON s.day >= d.lo::date AND s.day < d.split::date
    GROUP BY d.which
), partial AS (
    SELECT d.which, count(*) AS orders, sum(l.units) AS units, sum(l.cents) AS cents
    FROM days d
    JOIN orders o ON o.created_at >= d.split AT TIME ZONE 'UTC' AND o.created_at < d.hi AT TIME ZONE 'UTC'
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
  period's rollup row of each book, which holds its closed days up to `rolled` (closed_before,
  within the period), plus the orders from there to :now — or, when :now is earlier (a test's
  instant), less those from :now to there. A day: its orders up to :now. A book id no longer
  in books is a deleted book's: summed under null with the null lines.
*/
/* @name top_books */
WITH bounds AS (
    SELECT start, now, least(rolled, now) AS orders_from, greatest(rolled, now) AS orders_to, CASE WHEN now >= rolled THEN 1 ELSE -1 END AS sign
    FROM (
        SELECT start, now,
               CASE WHEN :unit! = 'day' THEN start
                    ELSE least(greatest(closed_before::timestamp, start), start + ('1 ' || :unit!)::interval) END AS rolled
        FROM sales_rollup_state,
             (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start, :now!::timestamptz AT TIME ZONE 'UTC' AS now) n
    ) r
), sold AS (
    SELECT s.book_id, s.units, s.revenue_cents AS cents
    FROM bounds, book_period_sales s
    WHERE s.period = :unit! AND s.period_start = bounds.start::date
    UNION ALL
    SELECT l.book_id, sign * l.units, sign * l.cents
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
