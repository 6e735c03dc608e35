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
  getOrderForUser,
  type IListOrdersResult,
  listAllOrders,
  listOrderItems,
  listOrders,
} from "../../db/queries/orders.queries.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { Order, OrderItem, OrdersQuery } from "./model.ts";
import type { PaymentGateway } from "./payment.ts";

/** Runs on the checkout's client just before COMMIT; throwing rolls the order back. */
export type BeforeCommit = (tx: Db, order: Order) => Promise<void>;

/**
 * Turns the user's cart into an order in one transaction on one client (SPEC.md, Orders).
 * Every failure, a declined payment included, rolls back all of it.
 */
export async function checkout(
  pool: pg.Pool,
  payment: PaymentGateway,
  userId: number,
  forcePaymentFailure: boolean,
  beforeCommit?: BeforeCommit,
): Promise<Order> {
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
    const rows = await insertOrder.run({ userId, bookIds, quantities }, tx);
    // Both guards hold under the locks taken above; a mismatch is a bug and rolls back.
    const decremented = await decrementStock.run({ bookIds, quantities }, tx);
    if (decremented.length !== lines.length) throw new Error("stock decrement guard failed under lock");
    const cleared = await clearCart.run({ cartId: cart.id }, tx);
    if (cleared.length !== lines.length) throw new Error("cart changed under its lock");
    const order = placedOrder(rows, lines);
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

type OrderHeader = Pick<IListOrdersResult, "id" | "user_id" | "status" | "created_at">;

const toOrder = (order: OrderHeader, items: OrderItem[], totalPrice: string): Order => ({
  id: order.id,
  user_id: order.user_id,
  status: order.status,
  created_at: order.created_at.toISOString(),
  items,
  total_price: totalPrice,
});

/** The order just inserted, its book summaries taken from the locked lines. */
function placedOrder(rows: IInsertOrderResult[], lines: ILockBooksForUpdateResult[]): Order {
  const books = new Map(lines.map((line) => [line.book_id, { id: line.book_id, title: line.title, author: line.author }]));
  const items = rows.map((row) => ({
    id: row.item_id,
    book_id: row.book_id,
    quantity: row.quantity,
    unit_price: row.unit_price,
    book: (row.book_id !== null && books.get(row.book_id)) || null,
  }));
  return toOrder(rows[0]!, items, rows[0]!.total_price);
}

export interface OrderPage {
  orders: Order[];
  /** The `before` of the next page; undefined on the last page. */
  nextBefore: number | undefined;
}

/** One user's history (userId set) or everyone's, newest first, in two statements. */
export async function listOrderPage(db: Db, userId: number | undefined, query: OrdersQuery): Promise<OrderPage> {
  // One extra row tells whether another page exists.
  const params = { before: query.before ?? MAX_ID, limit: query.limit + 1 };
  const rows = userId === undefined
    ? await listAllOrders.run(params, db)
    : await listOrders.run({ ...params, userId }, db);
  const page = rows.slice(0, query.limit);
  return {
    orders: await withItems(db, page),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : undefined,
  };
}

/** Another user's order is "not found" too: its existence is not revealed. */
export async function getOrder(db: Db, userId: number, orderId: number): Promise<Order> {
  const [order] = await getOrderForUser.run({ userId, orderId }, db);
  if (!order) throw new AppError(404, "ORDER_NOT_FOUND", "Order not found");
  const [withLines] = await withItems(db, [order]);
  return withLines!;
}

async function withItems(db: Db, orders: IListOrdersResult[]): Promise<Order[]> {
  if (orders.length === 0) return [];
  const items = await listOrderItems.run({ orderIds: orders.map((order) => order.id) }, db);
  const byOrder = Map.groupBy(items, (item) => item.order_id);
  return orders.map((order) => {
    const lines = byOrder.get(order.id) ?? [];
    const items = lines.map((item) => ({
      id: item.id,
      book_id: item.book_id,
      quantity: item.quantity,
      unit_price: item.unit_price,
      book: item.book_id !== null && item.book_title != null && item.book_author != null
        ? { id: item.book_id, title: item.book_title, author: item.book_author }
        : null,
    }));
    return toOrder(order, items, lines[0]?.order_total ?? "0.00");
  });
}
