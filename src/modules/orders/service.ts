import type pg from "pg";
import { userGone } from "../../core/auth.ts";
import { AppError } from "../../core/errors.ts";
import { MAX_ID } from "../../core/schemas.ts";
import { fromCents, toCents } from "../../core/money.ts";
import type { Db } from "../../db/pool.ts";
import {
  clearCart,
  decrementStock,
  type IInsertOrderResult,
  type ILockBooksForUpdateResult,
  insertOrder,
  lockBooksForUpdate,
  lockCart,
} from "../../db/queries/checkout.queries.ts";
import {
  getOrderWithHistory,
  type IGetOrderWithHistoryResult,
  type IListOrderItemsResult,
  type IListOrdersResult,
  listAllOrders,
  listOrderItems,
  listOrders,
  listOrdersInStatus,
  listOrdersOfUserInStatus,
} from "../../db/queries/orders.queries.ts";
import { withTransaction } from "../../db/transaction.ts";
import { recordEvent } from "../events/service.ts";
import type { HistoryEntry, Order, OrderDetail, OrderItem, OrderStatus, OrdersQuery } from "./model.ts";
import type { PaymentGateway } from "./payment.ts";

/** Runs on the transaction's client before COMMIT; throwing rolls the change back. */
export type BeforeCommit = (tx: Db, order: OrderDetail) => Promise<void>;

/**
 * Turns the user's cart into an order in one transaction on one client (SPEC.md, Orders).
 * Every failure, a declined payment included, rolls back all of it, its order.placed event too.
 */
export async function checkout(
  pool: pg.Pool,
  payment: PaymentGateway,
  userId: number,
  forcePaymentFailure: boolean,
  beforeCommit?: BeforeCommit,
): Promise<OrderDetail> {
  return withTransaction(pool, async (tx) => {
    const [cart] = await lockCart.run({ userId }, tx);
    if (!cart) throw userGone();
    const lines = await lockBooksForUpdate.run({ cartId: cart.id }, tx);
    if (lines.length === 0) throw new AppError(422, "ORDER_CART_EMPTY", "Cart is empty");
    assertInStock(lines);

    const amount = fromCents(lines.reduce((sum, line) => sum + toCents(line.price) * line.quantity, 0));
    const charge = await payment.charge({ userId, amount, forceFailure: forcePaymentFailure });
    if (!charge.approved) throw new AppError(402, "ORDER_PAYMENT_FAILED", charge.reason);

    const bookIds = lines.map((line) => line.book_id);
    const quantities = lines.map((line) => line.quantity);
    const rows = await insertOrder.run({ userId, bookIds, quantities, paymentReference: charge.reference }, tx);
    // Both guards hold under the locks taken above; a mismatch is a bug and rolls back.
    const decremented = await decrementStock.run({ bookIds, quantities }, tx);
    if (decremented.length !== lines.length) throw new Error("stock decrement guard failed under lock");
    const cleared = await clearCart.run({ cartId: cart.id }, tx);
    if (cleared.length !== lines.length) throw new Error("cart changed under its lock");
    const order = placedOrder(rows, lines);
    await recordEvent(tx, "order.placed", order);
    await beforeCommit?.(tx, order);
    return order;
  });
}

function assertInStock(lines: ILockBooksForUpdateResult[]): void {
  const short = lines
    .filter((line) => line.stock_quantity < line.quantity)
    .map((line) => ({ book_id: line.book_id, title: line.title, requested: line.quantity, available: line.stock_quantity }));
  if (short.length) {
    throw new AppError(409, "ORDER_INSUFFICIENT_STOCK", "Insufficient stock for one or more items", undefined, { items: short });
  }
}

/** The order columns every read returns. */
type OrderHeader = IListOrdersResult;
/** One history entry, as the reads that return an order with its history name its columns. */
type HistoryRow = Pick<IGetOrderWithHistoryResult, "history_status" | "history_actor" | "history_note" | "history_created_at">;
type ItemRow = Pick<IListOrderItemsResult, "id" | "book_id" | "quantity" | "unit_price" | "book_title" | "book_author">;

/** An order has a shipment once it has shipped. */
const SHIPPED: ReadonlySet<OrderStatus> = new Set(["shipped", "delivered"]);

const toOrder = (order: OrderHeader, items: OrderItem[], totalPrice: string): Order => ({
  id: order.id,
  user_id: order.user_id,
  status: order.status,
  created_at: order.created_at.toISOString(),
  updated_at: order.updated_at.toISOString(),
  payment_status: order.payment_status,
  shipment: SHIPPED.has(order.status) ? { carrier: order.carrier, tracking_number: order.tracking_number } : null,
  items,
  total_price: totalPrice,
});

const toHistoryEntry = (row: HistoryRow): HistoryEntry => ({
  status: row.history_status,
  created_at: row.history_created_at.toISOString(),
  actor: row.history_actor,
  note: row.history_note,
});

const toItem = (item: ItemRow): OrderItem => ({
  id: item.id,
  book_id: item.book_id,
  quantity: item.quantity,
  unit_price: item.unit_price,
  book: item.book_id !== null && item.book_title != null && item.book_author != null
    ? { id: item.book_id, title: item.book_title, author: item.book_author }
    : null,
});

/** An order from rows of it with its history (one per entry, oldest first) and its lines. */
export function toDetail(rows: (OrderHeader & HistoryRow)[], items: (ItemRow & { order_total: string })[]): OrderDetail {
  const order = toOrder(rows[0]!, items.map(toItem), items[0]?.order_total ?? "0.00");
  return { ...order, history: rows.map(toHistoryEntry) };
}

export const orderNotFound = () => new AppError(404, "ORDER_NOT_FOUND", "Order not found");

/** The order just inserted, its book summaries taken from the locked lines. */
export function placedOrder(rows: IInsertOrderResult[], lines: ILockBooksForUpdateResult[]): OrderDetail {
  const books = new Map(lines.map((line) => [line.book_id, { id: line.book_id, title: line.title, author: line.author }]));
  const items = rows.map((row) => ({
    id: row.item_id,
    book_id: row.book_id,
    quantity: row.quantity,
    unit_price: row.unit_price,
    book: (row.book_id !== null && books.get(row.book_id)) || null,
  }));
  const [first] = rows;
  return { ...toOrder(first!, items, first!.total_price), history: [toHistoryEntry(first!)] };
}

export interface OrderPage {
  orders: Order[];
  /** The `before` of the next page; undefined on the last page. */
  nextBefore: number | undefined;
}

/** Which orders a page lists: one user's (optionally in one status), or everyone's (ditto). */
export interface OrderFilter {
  userId?: number;
  status?: OrderStatus;
}

/** A page of orders, newest first, in two statements whatever its size. */
export async function listOrderPage(db: Db, { userId, status }: OrderFilter, query: OrdersQuery): Promise<OrderPage> {
  // One extra row tells whether another page exists.
  const params = { before: query.before ?? MAX_ID, limit: query.limit + 1 };
  const rows = userId !== undefined
    ? status !== undefined
      ? await listOrdersOfUserInStatus.run({ ...params, userId, status }, db)
      : await listOrders.run({ ...params, userId }, db)
    : status !== undefined
      ? await listOrdersInStatus.run({ ...params, status }, db)
      : await listAllOrders.run(params, db);
  const page = rows.slice(0, query.limit);
  return {
    orders: await withItems(db, page),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : undefined,
  };
}

/**
 * One order with its history. With `ownerId` only that user's: another user's order is "not
 * found" too, its existence is not revealed.
 */
export async function getOrder(db: Db, ownerId: number | undefined, orderId: number): Promise<OrderDetail> {
  const rows = await getOrderWithHistory.run({ orderId, userId: ownerId }, db);
  if (rows.length === 0) throw orderNotFound();
  return toDetail(rows, await listOrderItems.run({ orderIds: [orderId] }, db));
}

async function withItems(db: Db, orders: OrderHeader[]): Promise<Order[]> {
  if (orders.length === 0) return [];
  const items = await listOrderItems.run({ orderIds: orders.map((order) => order.id) }, db);
  const byOrder = Map.groupBy(items, (item) => item.order_id);
  return orders.map((order) => {
    const lines = byOrder.get(order.id) ?? [];
    return toOrder(order, lines.map(toItem), lines[0]?.order_total ?? "0.00");
  });
}
