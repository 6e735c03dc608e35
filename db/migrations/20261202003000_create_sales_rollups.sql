-- migrate:up
-- Sales rollups for the admin analytics: what every counted (not cancelled) order adds, per UTC
-- day, and per book per ISO week, month and year (a day's ranking reads the day's orders). Checkout adds an order's lines and
-- cancel subtracts them, in their own transactions (record_order_sales), so that a period's
-- figures read a few hundred or thousand rows instead of every order line since its start.
-- Money as integer cents (bigint): summed exactly, and faster to sum than numeric. Updates
-- change no indexed column and leave room on the page (fillfactor): they stay HOT, so an upsert
-- writes no new index entry.

-- Totals per day, split in shards by the writing connection: every checkout of a day adds to
-- one row, and one row would serialise all checkouts on its lock until COMMIT.
CREATE TABLE sales_by_day (
    day           date     NOT NULL,
    shard         smallint NOT NULL,
    orders        integer  NOT NULL,
    units         integer  NOT NULL,
    revenue_cents bigint   NOT NULL,
    PRIMARY KEY (day, shard)
) WITH (fillfactor = 50);

-- Per book per calendar period (UTC ISO week, month, year): a ranking of the current period
-- reads one row per book sold in it, whatever the period's length. No foreign key: a
-- deleted book's rows keep its id, which reads group under null with the lines whose book_id
-- is null already (a cancel after the delete subtracts from those).
CREATE TABLE book_sales (
    period        text    NOT NULL CHECK (period IN ('week', 'month', 'year')),
    period_start  date    NOT NULL,
    book_id       integer,
    units         integer NOT NULL,
    revenue_cents bigint  NOT NULL,
    CONSTRAINT book_sales_key UNIQUE NULLS NOT DISTINCT (period, period_start, book_id)
) WITH (fillfactor = 50);

-- What the rollups do not hold (part of a day, a day's ranking) is read from the orders by
-- creation time.
CREATE INDEX orders_created_at_idx ON orders (created_at);

-- Recomputes every rollup from the orders: the backfill below, and what a bulk load that
-- bypasses checkout (the benchmark's seed, a test's hand-placed orders) calls afterwards.
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

-- migrate:down
DROP FUNCTION rebuild_sales_rollups();
DROP INDEX orders_created_at_idx;
DROP TABLE book_sales;
DROP TABLE sales_by_day;
