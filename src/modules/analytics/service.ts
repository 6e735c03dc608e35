import type pg from "pg";
import { type Db } from "../../db/pool.ts";
import {
  closeSalesDays as closeDays,
  lockSalesRollups,
  lowStock,
  resetSalesRollups as resetRollups,
  salesSummary,
  takeOffCancelledSales,
  topBooks,
} from "../../db/queries/analytics.queries.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { LowStockQuery, Period, SalesSummary, TopBook, TopBooksQuery } from "./model.ts";

/** Where "now" comes from: the wall clock, or a test's fixed instant. */
export type Clock = () => Date;

/** date_trunc's unit for each period. */
const UNIT: Record<Period, string> = { today: "day", week: "week", month: "month", year: "year" };

/** Orders rolled up per transaction, about: ~0.1 s of PostgreSQL's time here. */
const ORDERS_PER_CLOSE = 2_000;

/**
 * Rolls every day that is over into the rollups (the housekeeping, in every process: the lock
 * makes one of them do it), ORDERS_PER_CLOSE orders' days per transaction, so that a backlog
 * (after a downtime, or a rebuild) never meets the statement timeout and a cancel never waits
 * long for the lock. `now` is for tests; the database's clock decides otherwise. Stops between
 * transactions once `signal` is aborted. Returns the days closed.
 */
export async function closeSalesDays(pool: pg.Pool, options: { now?: Date; signal?: AbortSignal } = {}): Promise<number> {
  let closed = 0;
  while (!options.signal?.aborted) {
    const days = await withTransaction(pool, async (tx) => {
      const [state] = await lockSalesRollups.run(undefined, tx);
      const [row] = await closeDays.run({ now: options.now, ordersPerClose: ORDERS_PER_CLOSE, oldestOpenSince: state!.oldest_open_since }, tx);
      return row!.days;
    });
    if (days === 0) break;
    closed += days;
  }
  return closed;
}

/**
 * Rolls every closed day up again, from the first order's: after orders were written into
 * closed days around checkout (a bulk import). Safe while the API serves: it takes the
 * closing's lock. `now` is for tests. Returns the days closed.
 */
export async function rebuildSalesRollups(pool: pg.Pool, options: { now?: Date } = {}): Promise<number> {
  await withTransaction(pool, async (tx) => {
    await lockSalesRollups.run(undefined, tx);
    await resetRollups.run({ closedBefore: null }, tx);
  });
  return closeSalesDays(pool, options);
}

/** A cancelled order leaves the rollups, in the cancel's transaction (a no-op unless its day is closed). */
export async function takeOffSales(tx: Db, orderId: number): Promise<void> {
  await takeOffCancelledSales.run({ orderId }, tx);
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
