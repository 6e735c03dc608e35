import { type Db } from "../../db/pool.ts";
import { lowStock, recordOrderSales, salesSummary, topBooks } from "../../db/queries/analytics.queries.ts";
import type { LowStockQuery, Period, SalesSummary, TopBook, TopBooksQuery } from "./model.ts";

/** Where "now" comes from: the wall clock, or a test's fixed instant. */
export type Clock = () => Date;

/** date_trunc's unit for each period. */
const UNIT: Record<Period, string> = { today: "day", week: "week", month: "month", year: "year" };

/**
 * Keeps the sales rollups in step with an order's lines, in the caller's transaction: `1` when
 * the order is placed, `-1` when it is cancelled (it then leaves every figure of its day).
 */
export async function recordSales(tx: Db, orderId: number, sign: 1 | -1): Promise<void> {
  await recordOrderSales.run({ orderId, sign }, tx);
}

/** Revenue, orders, units and average order value of the period so far and of the one before. */
export async function getSales(db: Db, period: Period, now: Date): Promise<SalesSummary> {
  const [row] = await salesSummary.run({ unit: UNIT[period], now }, db);
  const r = row!;
  return {
    period,
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    revenue: r.revenue,
    orders: r.orders,
    units: r.units,
    average_order_value: r.average_order_value,
    previous: {
      from: r.previous_from.toISOString(),
      to: r.previous_to.toISOString(),
      revenue: r.previous_revenue,
      orders: r.previous_orders,
      units: r.previous_units,
      average_order_value: r.previous_average_order_value,
    },
    change: { revenue: r.revenue_change, orders: r.orders_change, average_order_value: r.average_order_value_change },
  };
}

export const getTopBooks = (db: Db, query: TopBooksQuery, now: Date): Promise<TopBook[]> =>
  topBooks.run({ unit: UNIT[query.period], now, byUnits: query.by === "units", limit: query.limit }, db);

export const getLowStock = (db: Db, query: LowStockQuery) => lowStock.run(query, db);
