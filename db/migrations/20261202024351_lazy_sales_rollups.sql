-- migrate:up
-- The rollups are written once a day is over instead of by every checkout: checkout writes
-- nothing for the analytics. Every process's housekeeping rolls up the days before
-- sales_rollup_state.closed_before (close_sales_days in sql/analytics.sql); reads take those
-- days from the rollups and every later order from the orders table. A cancel of an order in
-- a closed day takes it off the rollups in its own transaction.
DROP FUNCTION rebuild_sales_rollups();

-- One row per closed day: only closing and cancels of closed days write it, so there is no
-- hot row to shard any more.
DROP TABLE sales_by_day;
CREATE TABLE sales_by_day (
    day           date    PRIMARY KEY,
    orders        integer NOT NULL,
    units         integer NOT NULL,
    revenue_cents bigint  NOT NULL
);

-- The one row saying how far the rollups reach: every day before closed_before is in them
-- (none of a later day is). Closing locks it FOR UPDATE, a cancel FOR SHARE.
CREATE TABLE sales_rollup_state (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    closed_before date    NOT NULL
);

-- Start over from the first order's day: the housekeeping rolls up the days since, a week per
-- transaction, when the service next starts.
TRUNCATE book_sales;
INSERT INTO sales_rollup_state (closed_before)
SELECT coalesce(min(created_at AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date) FROM orders;

-- migrate:down
DROP TABLE sales_rollup_state;
DROP TABLE sales_by_day;
CREATE TABLE sales_by_day (
    day           date     NOT NULL,
    shard         smallint NOT NULL,
    orders        integer  NOT NULL,
    units         integer  NOT NULL,
    revenue_cents bigint   NOT NULL,
    PRIMARY KEY (day, shard)
) WITH (fillfactor = 50);
CREATE FUNCTION rebuild_sales_rollups() RETURNS void LANGUAGE sql AS $$
    TRUNCATE sales_by_day, book_sales;
    INSERT INTO sales_by_day (day, shard, orders, units, revenue_cents)
    SELECT (o.created_at AT TIME ZONE 'UTC')::date, 0, count(DISTINCT o.id), sum(i.quantity), sum(i.unit_price * i.quantity * 100)
    FROM orders o JOIN order_items i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY 1;
    INSERT INTO book_sales (period, period_start, book_id, units, revenue_cents)
    SELECT p.period, date_trunc(p.period, o.created_at AT TIME ZONE 'UTC')::date, i.book_id, sum(i.quantity), sum(i.unit_price * i.quantity * 100)
    FROM orders o JOIN order_items i ON i.order_id = o.id CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
    WHERE o.status <> 'cancelled'
    GROUP BY 1, 2, 3;
    ANALYZE sales_by_day, book_sales;
$$;
SELECT rebuild_sales_rollups();
