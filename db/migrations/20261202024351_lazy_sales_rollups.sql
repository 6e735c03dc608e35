-- migrate:up
-- The rollups are written once a day is over instead of by every checkout: checkout writes
-- nothing for the analytics. Every process's housekeeping rolls up the days before
-- sales_rollup_state.closed_before (close_sales_days in sql/analytics.sql); reads take those
-- days from the rollups and every later order from the orders table. A cancel of an order in
-- a closed day takes it off the rollups in its own transaction.
--
-- New tables: processes of the previous release, still serving during a rolling upgrade, keep
-- writing sales_by_day and book_sales (their checkout and cancel) without failing. Those two
-- tables and rebuild_sales_rollups() are no longer read and go with a later migration.

-- One row per closed day: only closing and cancels of closed days write it, so there is no
-- hot row to shard.
CREATE TABLE daily_sales (
    day           date    PRIMARY KEY,
    orders        integer NOT NULL,
    units         integer NOT NULL,
    revenue_cents bigint  NOT NULL
);

-- Per book per calendar period (UTC ISO week, month, year), closed days only. No foreign key:
-- a deleted book's rows keep its id, which reads group under null with the lines whose
-- book_id is null already.
CREATE TABLE book_period_sales (
    period        text    NOT NULL CHECK (period IN ('week', 'month', 'year')),
    period_start  date    NOT NULL,
    book_id       integer,
    units         integer NOT NULL,
    revenue_cents bigint  NOT NULL,
    CONSTRAINT book_period_sales_key UNIQUE NULLS NOT DISTINCT (period, period_start, book_id)
);

-- The one row saying how far the rollups reach: every day before closed_before is in them
-- (none of a later day is). Closing locks it FOR UPDATE, a cancel FOR SHARE.
CREATE TABLE sales_rollup_state (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    closed_before date    NOT NULL
);

-- The old rollups were exact up to now (checkout and cancel kept them): without today's
-- orders they are the closed days up to yesterday, so the reads stay fast from the first start.
INSERT INTO sales_rollup_state (closed_before) VALUES ((now() AT TIME ZONE 'UTC')::date);

INSERT INTO daily_sales (day, orders, units, revenue_cents)
SELECT day, sum(orders), sum(units), sum(revenue_cents)
FROM sales_by_day
WHERE day < (SELECT closed_before FROM sales_rollup_state)
GROUP BY day
HAVING sum(orders) <> 0;

INSERT INTO book_period_sales (period, period_start, book_id, units, revenue_cents)
SELECT period, period_start, book_id, sum(units), sum(cents)
FROM (
    SELECT period, period_start, book_id, units, revenue_cents AS cents FROM book_sales
    UNION ALL
    SELECT p.period, date_trunc(p.period, o.created_at AT TIME ZONE 'UTC')::date, i.book_id, -i.quantity, -i.unit_price * i.quantity * 100
    FROM orders o
    JOIN order_items i ON i.order_id = o.id
    CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
    WHERE o.status <> 'cancelled' AND o.created_at >= (SELECT closed_before FROM sales_rollup_state)::timestamp AT TIME ZONE 'UTC'
) s
GROUP BY period, period_start, book_id
HAVING sum(units) <> 0 OR sum(cents) <> 0;

-- migrate:down
DROP TABLE sales_rollup_state;
DROP TABLE book_period_sales;
DROP TABLE daily_sales;
-- What the previous release reads, recomputed from the orders placed since.
SELECT rebuild_sales_rollups();
