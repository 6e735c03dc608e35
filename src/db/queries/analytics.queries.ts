/** Types generated for queries found in "sql/analytics.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

/** 'LockSalesRollups' parameters type */
export type ILockSalesRollupsParams = void;

/** 'LockSalesRollups' return type */
export interface ILockSalesRollupsResult {
  oldest_open_since: Date | null;
}

/** 'LockSalesRollups' query type */
export interface ILockSalesRollupsQuery {
  params: ILockSalesRollupsParams;
  result: ILockSalesRollupsResult;
}

const lockSalesRollupsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT (SELECT min(xact_start) FROM pg_stat_activity\n        WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()) AS oldest_open_since\nFROM sales_rollup_state FOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * SELECT (SELECT min(xact_start) FROM pg_stat_activity
 *         WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()) AS oldest_open_since
 * FROM sales_rollup_state FOR UPDATE
 * ```
 */
export const lockSalesRollups = new PreparedQuery<ILockSalesRollupsParams,ILockSalesRollupsResult>(lockSalesRollupsIR);


/** 'CloseSalesDays' parameters type */
export interface ICloseSalesDaysParams {
  now?: DateOrString | null | void;
  oldestOpenSince?: DateOrString | null | void;
  ordersPerClose: number;
}

/** 'CloseSalesDays' return type */
export interface ICloseSalesDaysResult {
  days: number;
}

/** 'CloseSalesDays' query type */
export interface ICloseSalesDaysQuery {
  params: ICloseSalesDaysParams;
  result: ICloseSalesDaysResult;
}

const closeSalesDaysIR: any = {"usedParamSet":{"ordersPerClose":true,"now":true,"oldestOpenSince":true},"params":[{"name":"ordersPerClose","required":true,"transform":{"type":"scalar"},"locs":[{"a":448,"b":463}]},{"name":"now","required":false,"transform":{"type":"scalar"},"locs":[{"a":520,"b":523}]},{"name":"oldestOpenSince","required":false,"transform":{"type":"scalar"},"locs":[{"a":613,"b":628}]}],"statement":"WITH bounds AS (\n    SELECT closed_before AS lo,\n           greatest(closed_before, least(\n               -- Up to the day of the order :ordersPerClose after the first unclosed one: a bounded amount of work.\n               greatest(closed_before + 1, coalesce((\n                   SELECT (created_at AT TIME ZONE 'UTC')::date FROM orders WHERE created_at >= closed_before::timestamp AT TIME ZONE 'UTC'\n                   ORDER BY created_at OFFSET :ordersPerClose!::int LIMIT 1), 'infinity')),\n               ((coalesce(:now::timestamptz, now()) - interval '5 minutes') AT TIME ZONE 'UTC')::date,\n               (:oldestOpenSince::timestamptz AT TIME ZONE 'UTC')::date\n           )) AS hi\n    FROM sales_rollup_state\n), lines AS (\n    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.id AS order_id, i.book_id, i.quantity, i.unit_price * i.quantity * 100 AS cents\n    FROM bounds b\n    JOIN orders o ON o.created_at >= b.lo::timestamp AT TIME ZONE 'UTC' AND o.created_at < b.hi::timestamp AT TIME ZONE 'UTC'\n    JOIN order_items i ON i.order_id = o.id\n    WHERE o.status <> 'cancelled'\n), days AS (\n    INSERT INTO daily_sales (day, orders, units, revenue_cents)\n    SELECT day, count(DISTINCT order_id), sum(quantity), sum(cents) FROM lines GROUP BY day\n), books AS (\n    INSERT INTO book_period_sales AS s (period, period_start, book_id, units, revenue_cents)\n    SELECT p.period, date_trunc(p.period, l.day::timestamp)::date, l.book_id, sum(l.quantity), sum(l.cents)\n    FROM lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)\n    GROUP BY 1, 2, 3\n    ON CONFLICT (period, period_start, book_id) DO UPDATE\n    SET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents\n), moved AS (\n    UPDATE sales_rollup_state SET closed_before = b.hi FROM bounds b WHERE b.hi > b.lo\n)\n-- The writes above run whether or not this reads them (PostgreSQL runs data-modifying CTEs once, to completion).\nSELECT (b.hi - b.lo)::int AS \"days!\" FROM bounds b                                                                                                                                                                                                                                                                                   "};

/**
 * Query generated from SQL:
 * ```
 * WITH bounds AS (
 *     SELECT closed_before AS lo,
 *            greatest(closed_before, least(
 *                -- Up to the day of the order :ordersPerClose after the first unclosed one: a bounded amount of work.
 *                greatest(closed_before + 1, coalesce((
 *                    SELECT (created_at AT TIME ZONE 'UTC')::date FROM orders WHERE created_at >= closed_before::timestamp AT TIME ZONE 'UTC'
 *                    ORDER BY created_at OFFSET :ordersPerClose!::int LIMIT 1), 'infinity')),
 *                ((coalesce(:now::timestamptz, now()) - interval '5 minutes') AT TIME ZONE 'UTC')::date,
 *                (:oldestOpenSince::timestamptz AT TIME ZONE 'UTC')::date
 *            )) AS hi
 *     FROM sales_rollup_state
 * ), lines AS (
 *     SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.id AS order_id, i.book_id, i.quantity, i.unit_price * i.quantity * 100 AS cents
 *     FROM bounds b
 *     JOIN orders o ON o.created_at >= b.lo::timestamp AT TIME ZONE 'UTC' AND o.created_at < b.hi::timestamp AT TIME ZONE 'UTC'
 *     JOIN order_items i ON i.order_id = o.id
 *     WHERE o.status <> 'cancelled'
 * ), days AS (
 *     INSERT INTO daily_sales (day, orders, units, revenue_cents)
 *     SELECT day, count(DISTINCT order_id), sum(quantity), sum(cents) FROM lines GROUP BY day
 * ), books AS (
 *     INSERT INTO book_period_sales AS s (period, period_start, book_id, units, revenue_cents)
 *     SELECT p.period, date_trunc(p.period, l.day::timestamp)::date, l.book_id, sum(l.quantity), sum(l.cents)
 *     FROM lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
 *     GROUP BY 1, 2, 3
 *     ON CONFLICT (period, period_start, book_id) DO UPDATE
 *     SET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents
 * ), moved AS (
 *     UPDATE sales_rollup_state SET closed_before = b.hi FROM bounds b WHERE b.hi > b.lo
 * )
 * -- The writes above run whether or not this reads them (PostgreSQL runs data-modifying CTEs once, to completion).
 * SELECT (b.hi - b.lo)::int AS "days!" FROM bounds b                                                                                                                                                                                                                                                                                   
 * ```
 */
export const closeSalesDays = new PreparedQuery<ICloseSalesDaysParams,ICloseSalesDaysResult>(closeSalesDaysIR);


/** 'TakeOffCancelledSales' parameters type */
export interface ITakeOffCancelledSalesParams {
  orderId: number;
}

/** 'TakeOffCancelledSales' return type */
export type ITakeOffCancelledSalesResult = void;

/** 'TakeOffCancelledSales' query type */
export interface ITakeOffCancelledSalesQuery {
  params: ITakeOffCancelledSalesParams;
  result: ITakeOffCancelledSalesResult;
}

const takeOffCancelledSalesIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":187,"b":195},{"a":442,"b":450}]}],"statement":"WITH state AS (\n    SELECT closed_before FROM sales_rollup_state FOR SHARE\n), o AS (\n    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day\n    FROM orders o, state s\n    WHERE o.id = :orderId! AND o.created_at < s.closed_before::timestamp AT TIME ZONE 'UTC'\n), lines AS (\n    SELECT i.book_id, sum(i.quantity)::int AS units, sum(i.unit_price * i.quantity * 100)::bigint AS cents\n    FROM o CROSS JOIN order_items i\n    WHERE i.order_id = :orderId!\n    GROUP BY i.book_id\n), totals AS (\n    -- Upserts, not UPDATEs: the closing that this statement waited for inserted these rows after\n    -- its snapshot, which an UPDATE would not see (ON CONFLICT sees them).\n    INSERT INTO daily_sales AS s (day, orders, units, revenue_cents)\n    SELECT o.day, -1, -sum(l.units), -sum(l.cents)\n    FROM o CROSS JOIN lines l\n    GROUP BY o.day\n    ON CONFLICT (day) DO UPDATE\n    SET orders = s.orders + excluded.orders, units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents\n)\nINSERT INTO book_period_sales AS s (period, period_start, book_id, units, revenue_cents)\nSELECT p.period, date_trunc(p.period, o.day::timestamp)::date, l.book_id, -l.units, -l.cents\nFROM o CROSS JOIN lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)\nORDER BY 1, 2, 3\nON CONFLICT (period, period_start, book_id) DO UPDATE\nSET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents                                                                                                                                                                                                                                                                                                      "};

/**
 * Query generated from SQL:
 * ```
 * WITH state AS (
 *     SELECT closed_before FROM sales_rollup_state FOR SHARE
 * ), o AS (
 *     SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day
 *     FROM orders o, state s
 *     WHERE o.id = :orderId! AND o.created_at < s.closed_before::timestamp AT TIME ZONE 'UTC'
 * ), lines AS (
 *     SELECT i.book_id, sum(i.quantity)::int AS units, sum(i.unit_price * i.quantity * 100)::bigint AS cents
 *     FROM o CROSS JOIN order_items i
 *     WHERE i.order_id = :orderId!
 *     GROUP BY i.book_id
 * ), totals AS (
 *     -- Upserts, not UPDATEs: the closing that this statement waited for inserted these rows after
 *     -- its snapshot, which an UPDATE would not see (ON CONFLICT sees them).
 *     INSERT INTO daily_sales AS s (day, orders, units, revenue_cents)
 *     SELECT o.day, -1, -sum(l.units), -sum(l.cents)
 *     FROM o CROSS JOIN lines l
 *     GROUP BY o.day
 *     ON CONFLICT (day) DO UPDATE
 *     SET orders = s.orders + excluded.orders, units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents
 * )
 * INSERT INTO book_period_sales AS s (period, period_start, book_id, units, revenue_cents)
 * SELECT p.period, date_trunc(p.period, o.day::timestamp)::date, l.book_id, -l.units, -l.cents
 * FROM o CROSS JOIN lines l CROSS JOIN unnest(ARRAY['week', 'month', 'year']) AS p (period)
 * ORDER BY 1, 2, 3
 * ON CONFLICT (period, period_start, book_id) DO UPDATE
 * SET units = s.units + excluded.units, revenue_cents = s.revenue_cents + excluded.revenue_cents                                                                                                                                                                                                                                                                                                      
 * ```
 */
export const takeOffCancelledSales = new PreparedQuery<ITakeOffCancelledSalesParams,ITakeOffCancelledSalesResult>(takeOffCancelledSalesIR);


/** 'ResetSalesRollups' parameters type */
export interface IResetSalesRollupsParams {
  closedBefore?: string | null | void;
}

/** 'ResetSalesRollups' return type */
export type IResetSalesRollupsResult = void;

/** 'ResetSalesRollups' query type */
export interface IResetSalesRollupsQuery {
  params: IResetSalesRollupsParams;
  result: IResetSalesRollupsResult;
}

const resetSalesRollupsIR: any = {"usedParamSet":{"closedBefore":true},"params":[{"name":"closedBefore","required":false,"transform":{"type":"scalar"},"locs":[{"a":136,"b":148}]}],"statement":"WITH days AS (DELETE FROM daily_sales), books AS (DELETE FROM book_period_sales)\nUPDATE sales_rollup_state\nSET closed_before = coalesce(:closedBefore::date, (SELECT (min(created_at) AT TIME ZONE 'UTC')::date FROM orders), (now() AT TIME ZONE 'UTC')::date)                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            "};

/**
 * Query generated from SQL:
 * ```
 * WITH days AS (DELETE FROM daily_sales), books AS (DELETE FROM book_period_sales)
 * UPDATE sales_rollup_state
 * SET closed_before = coalesce(:closedBefore::date, (SELECT (min(created_at) AT TIME ZONE 'UTC')::date FROM orders), (now() AT TIME ZONE 'UTC')::date)                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            
 * ```
 */
export const resetSalesRollups = new PreparedQuery<IResetSalesRollupsParams,IResetSalesRollupsResult>(resetSalesRollupsIR);


/** 'SalesSummary' parameters type */
export interface ISalesSummaryParams {
  now: DateOrString;
  unit: string;
}

/** 'SalesSummary' return type */
export interface ISalesSummaryResult {
  average_order_value: string;
  average_order_value_change: string | null;
  from: Date;
  orders: number;
  orders_change: string | null;
  previous_average_order_value: string;
  previous_from: Date;
  previous_orders: number;
  previous_revenue: string;
  previous_to: Date;
  previous_units: number;
  revenue: string;
  revenue_change: string | null;
  to: Date;
  units: number;
}

/** 'SalesSummary' query type */
export interface ISalesSummaryQuery {
  params: ISalesSummaryParams;
  result: ISalesSummaryResult;
}

const salesSummaryIR: any = {"usedParamSet":{"unit":true,"now":true},"params":[{"name":"unit","required":true,"transform":{"type":"scalar"},"locs":[{"a":57,"b":62},{"a":121,"b":126}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":129,"b":133},{"a":195,"b":199}]}],"statement":"WITH bounds AS (\n    SELECT start, now, start - ('1 ' || :unit!)::interval AS previous_start\n    FROM (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start,\n                 :now!::timestamptz AT TIME ZONE 'UTC' AS now) n\n), ranges AS (\n    SELECT 1 AS which, start AS lo, now AS hi FROM bounds\n    UNION ALL\n    SELECT 2, previous_start, least(previous_start + (now - start), start) FROM bounds\n), days AS (\n    SELECT which, lo, hi, greatest(lo, least(date_trunc('day', hi), closed_before::timestamp)) AS split\n    FROM ranges, sales_rollup_state\n), rolled AS (\n    SELECT d.which, sum(s.orders) AS orders, sum(s.units) AS units, sum(s.revenue_cents) AS cents\n    FROM days d JOIN daily_sales s ON s.day >= d.lo::date AND s.day < d.split::date\n    GROUP BY d.which\n), partial AS (\n    SELECT d.which, count(*) AS orders, sum(l.units) AS units, sum(l.cents) AS cents\n    FROM days d\n    JOIN orders o ON o.created_at >= d.split AT TIME ZONE 'UTC' AND o.created_at < d.hi AT TIME ZONE 'UTC'\n    CROSS JOIN LATERAL (\n        SELECT sum(i.quantity) AS units, sum(i.unit_price * i.quantity * 100) AS cents FROM order_items i WHERE i.order_id = o.id\n    ) l\n    WHERE o.status <> 'cancelled'\n    GROUP BY d.which\n), figures AS (\n    SELECT d.which, d.lo, d.hi,\n           coalesce(r.orders, 0) + coalesce(p.orders, 0) AS orders,\n           coalesce(r.units, 0) + coalesce(p.units, 0) AS units,\n           (coalesce(r.cents, 0) + coalesce(p.cents, 0)) / 100 AS revenue\n    FROM days d\n    LEFT JOIN rolled r ON r.which = d.which\n    LEFT JOIN partial p ON p.which = d.which\n)\nSELECT c.lo AT TIME ZONE 'UTC' AS \"from!\", c.hi AT TIME ZONE 'UTC' AS \"to!\",\n       round(c.revenue, 2)::text AS \"revenue!\", c.orders::int AS \"orders!\", c.units::int AS \"units!\",\n       round(CASE WHEN c.orders > 0 THEN c.revenue / c.orders ELSE 0 END, 2)::text AS \"average_order_value!\",\n       p.lo AT TIME ZONE 'UTC' AS \"previous_from!\", p.hi AT TIME ZONE 'UTC' AS \"previous_to!\",\n       round(p.revenue, 2)::text AS \"previous_revenue!\", p.orders::int AS \"previous_orders!\", p.units::int AS \"previous_units!\",\n       round(CASE WHEN p.orders > 0 THEN p.revenue / p.orders ELSE 0 END, 2)::text AS \"previous_average_order_value!\",\n       round((c.revenue - p.revenue) * 100 / nullif(p.revenue, 0), 2)::text AS revenue_change,\n       round((c.orders - p.orders) * 100.0 / nullif(p.orders, 0), 2)::text AS orders_change,\n       -- (c.revenue / c.orders) / (p.revenue / p.orders) − 1 in one division; no current\n       -- orders means an average of 0: −100 %.\n       round(CASE WHEN p.orders = 0 THEN NULL WHEN c.orders = 0 THEN -100\n                  ELSE (c.revenue * p.orders - p.revenue * c.orders) * 100 / (p.revenue * c.orders) END, 2)::text\n           AS average_order_value_change\nFROM figures c JOIN figures p ON c.which = 1 AND p.which = 2                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  "};

/**
 * Query generated from SQL:
 * ```
 * WITH bounds AS (
 *     SELECT start, now, start - ('1 ' || :unit!)::interval AS previous_start
 *     FROM (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start,
 *                  :now!::timestamptz AT TIME ZONE 'UTC' AS now) n
 * ), ranges AS (
 *     SELECT 1 AS which, start AS lo, now AS hi FROM bounds
 *     UNION ALL
 *     SELECT 2, previous_start, least(previous_start + (now - start), start) FROM bounds
 * ), days AS (
 *     SELECT which, lo, hi, greatest(lo, least(date_trunc('day', hi), closed_before::timestamp)) AS split
 *     FROM ranges, sales_rollup_state
 * ), rolled AS (
 *     SELECT d.which, sum(s.orders) AS orders, sum(s.units) AS units, sum(s.revenue_cents) AS cents
 *     FROM days d JOIN daily_sales s ON s.day >= d.lo::date AND s.day < d.split::date
 *     GROUP BY d.which
 * ), partial AS (
 *     SELECT d.which, count(*) AS orders, sum(l.units) AS units, sum(l.cents) AS cents
 *     FROM days d
 *     JOIN orders o ON o.created_at >= d.split AT TIME ZONE 'UTC' AND o.created_at < d.hi AT TIME ZONE 'UTC'
 *     CROSS JOIN LATERAL (
 *         SELECT sum(i.quantity) AS units, sum(i.unit_price * i.quantity * 100) AS cents FROM order_items i WHERE i.order_id = o.id
 *     ) l
 *     WHERE o.status <> 'cancelled'
 *     GROUP BY d.which
 * ), figures AS (
 *     SELECT d.which, d.lo, d.hi,
 *            coalesce(r.orders, 0) + coalesce(p.orders, 0) AS orders,
 *            coalesce(r.units, 0) + coalesce(p.units, 0) AS units,
 *            (coalesce(r.cents, 0) + coalesce(p.cents, 0)) / 100 AS revenue
 *     FROM days d
 *     LEFT JOIN rolled r ON r.which = d.which
 *     LEFT JOIN partial p ON p.which = d.which
 * )
 * SELECT c.lo AT TIME ZONE 'UTC' AS "from!", c.hi AT TIME ZONE 'UTC' AS "to!",
 *        round(c.revenue, 2)::text AS "revenue!", c.orders::int AS "orders!", c.units::int AS "units!",
 *        round(CASE WHEN c.orders > 0 THEN c.revenue / c.orders ELSE 0 END, 2)::text AS "average_order_value!",
 *        p.lo AT TIME ZONE 'UTC' AS "previous_from!", p.hi AT TIME ZONE 'UTC' AS "previous_to!",
 *        round(p.revenue, 2)::text AS "previous_revenue!", p.orders::int AS "previous_orders!", p.units::int AS "previous_units!",
 *        round(CASE WHEN p.orders > 0 THEN p.revenue / p.orders ELSE 0 END, 2)::text AS "previous_average_order_value!",
 *        round((c.revenue - p.revenue) * 100 / nullif(p.revenue, 0), 2)::text AS revenue_change,
 *        round((c.orders - p.orders) * 100.0 / nullif(p.orders, 0), 2)::text AS orders_change,
 *        -- (c.revenue / c.orders) / (p.revenue / p.orders) − 1 in one division; no current
 *        -- orders means an average of 0: −100 %.
 *        round(CASE WHEN p.orders = 0 THEN NULL WHEN c.orders = 0 THEN -100
 *                   ELSE (c.revenue * p.orders - p.revenue * c.orders) * 100 / (p.revenue * c.orders) END, 2)::text
 *            AS average_order_value_change
 * FROM figures c JOIN figures p ON c.which = 1 AND p.which = 2                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  
 * ```
 */
export const salesSummary = new PreparedQuery<ISalesSummaryParams,ISalesSummaryResult>(salesSummaryIR);


/** 'TopBooks' parameters type */
export interface ITopBooksParams {
  byUnits: boolean;
  limit: number;
  now: DateOrString;
  unit: string;
}

/** 'TopBooks' return type */
export interface ITopBooksResult {
  author: string | null;
  book_id: number | null;
  revenue: string;
  title: string | null;
  units: number;
}

/** 'TopBooks' query type */
export interface ITopBooksQuery {
  params: ITopBooksParams;
  result: ITopBooksResult;
}

const topBooksIR: any = {"usedParamSet":{"unit":true,"now":true,"byUnits":true,"limit":true},"params":[{"name":"unit","required":true,"transform":{"type":"scalar"},"locs":[{"a":225,"b":230},{"a":342,"b":347},{"a":440,"b":445},{"a":680,"b":685}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":448,"b":452},{"a":497,"b":501}]},{"name":"byUnits","required":true,"transform":{"type":"scalar"},"locs":[{"a":1789,"b":1797}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1851,"b":1857}]}],"statement":"WITH bounds AS (\n    SELECT start, now, least(rolled, now) AS orders_from, greatest(rolled, now) AS orders_to, CASE WHEN now >= rolled THEN 1 ELSE -1 END AS sign\n    FROM (\n        SELECT start, now,\n               CASE WHEN :unit! = 'day' THEN start\n                    ELSE least(greatest(closed_before::timestamp, start), start + ('1 ' || :unit!)::interval) END AS rolled\n        FROM sales_rollup_state,\n             (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start, :now!::timestamptz AT TIME ZONE 'UTC' AS now) n\n    ) r\n), sold AS (\n    SELECT s.book_id, s.units, s.revenue_cents AS cents\n    FROM bounds, book_period_sales s\n    WHERE s.period = :unit! AND s.period_start = bounds.start::date\n    UNION ALL\n    SELECT l.book_id, sign * l.units, sign * l.cents\n    FROM bounds\n    JOIN orders o ON o.created_at >= bounds.orders_from AT TIME ZONE 'UTC' AND o.created_at < bounds.orders_to AT TIME ZONE 'UTC'\n    CROSS JOIN LATERAL (\n        SELECT i.book_id, sum(i.quantity)::int AS units, sum(i.unit_price * i.quantity * 100)::bigint AS cents\n        FROM order_items i WHERE i.order_id = o.id GROUP BY i.book_id\n    ) l\n    WHERE o.status <> 'cancelled'\n), per_id AS (\n    SELECT book_id, sum(units) AS units, sum(cents) AS cents FROM sold GROUP BY book_id\n), named AS MATERIALIZED (\n    SELECT b.id, b.title, b.author, p.units, p.cents FROM per_id p LEFT JOIN books b ON b.id = p.book_id\n), ranked AS (\n    SELECT id, title, author, units, cents FROM named WHERE id IS NOT NULL\n    UNION ALL\n    SELECT NULL, NULL, NULL, sum(units), sum(cents) FROM named WHERE id IS NULL\n)\nSELECT id AS \"book_id?\", title AS \"title?\", author AS \"author?\", units::int AS \"units!\", round(cents / 100.0, 2)::text AS \"revenue!\"\nFROM ranked\nWHERE units > 0\nORDER BY CASE WHEN :byUnits! THEN units ELSE cents END DESC, id NULLS LAST\nLIMIT :limit!::int                                                                                             "};

/**
 * Query generated from SQL:
 * ```
 * WITH bounds AS (
 *     SELECT start, now, least(rolled, now) AS orders_from, greatest(rolled, now) AS orders_to, CASE WHEN now >= rolled THEN 1 ELSE -1 END AS sign
 *     FROM (
 *         SELECT start, now,
 *                CASE WHEN :unit! = 'day' THEN start
 *                     ELSE least(greatest(closed_before::timestamp, start), start + ('1 ' || :unit!)::interval) END AS rolled
 *         FROM sales_rollup_state,
 *              (SELECT date_trunc(:unit!, :now!::timestamptz AT TIME ZONE 'UTC') AS start, :now!::timestamptz AT TIME ZONE 'UTC' AS now) n
 *     ) r
 * ), sold AS (
 *     SELECT s.book_id, s.units, s.revenue_cents AS cents
 *     FROM bounds, book_period_sales s
 *     WHERE s.period = :unit! AND s.period_start = bounds.start::date
 *     UNION ALL
 *     SELECT l.book_id, sign * l.units, sign * l.cents
 *     FROM bounds
 *     JOIN orders o ON o.created_at >= bounds.orders_from AT TIME ZONE 'UTC' AND o.created_at < bounds.orders_to AT TIME ZONE 'UTC'
 *     CROSS JOIN LATERAL (
 *         SELECT i.book_id, sum(i.quantity)::int AS units, sum(i.unit_price * i.quantity * 100)::bigint AS cents
 *         FROM order_items i WHERE i.order_id = o.id GROUP BY i.book_id
 *     ) l
 *     WHERE o.status <> 'cancelled'
 * ), per_id AS (
 *     SELECT book_id, sum(units) AS units, sum(cents) AS cents FROM sold GROUP BY book_id
 * ), named AS MATERIALIZED (
 *     SELECT b.id, b.title, b.author, p.units, p.cents FROM per_id p LEFT JOIN books b ON b.id = p.book_id
 * ), ranked AS (
 *     SELECT id, title, author, units, cents FROM named WHERE id IS NOT NULL
 *     UNION ALL
 *     SELECT NULL, NULL, NULL, sum(units), sum(cents) FROM named WHERE id IS NULL
 * )
 * SELECT id AS "book_id?", title AS "title?", author AS "author?", units::int AS "units!", round(cents / 100.0, 2)::text AS "revenue!"
 * FROM ranked
 * WHERE units > 0
 * ORDER BY CASE WHEN :byUnits! THEN units ELSE cents END DESC, id NULLS LAST
 * LIMIT :limit!::int                                                                                             
 * ```
 */
export const topBooks = new PreparedQuery<ITopBooksParams,ITopBooksResult>(topBooksIR);


/** 'LowStock' parameters type */
export interface ILowStockParams {
  limit: number;
  threshold: number;
}

/** 'LowStock' return type */
export interface ILowStockResult {
  author: string;
  id: number;
  stock_quantity: number;
  title: string;
}

/** 'LowStock' query type */
export interface ILowStockQuery {
  params: ILowStockParams;
  result: ILowStockResult;
}

const lowStockIR: any = {"usedParamSet":{"threshold":true,"limit":true},"params":[{"name":"threshold","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":86}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":127,"b":133}]}],"statement":"SELECT id, title, author, stock_quantity\nFROM books\nWHERE stock_quantity <= :threshold!::int\nORDER BY stock_quantity, id\nLIMIT :limit!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, title, author, stock_quantity
 * FROM books
 * WHERE stock_quantity <= :threshold!::int
 * ORDER BY stock_quantity, id
 * LIMIT :limit!::int
 * ```
 */
export const lowStock = new PreparedQuery<ILowStockParams,ILowStockResult>(lowStockIR);


