/**
 * The limit for the purchase cycle (started by bench/run.ts, prints one JSON line): the very
 * statements the API runs — add_cart_item, then the checkout transaction, and in `cancel` mode
 * the cancel transaction of that order (with take_off_cancelled_sales), each
 * with its event (recordEvent, as the services call it) — sent directly with `pg` as named
 * prepared statements,
 * at the same concurrency and pool size. No HTTP, no JSON.
 */
import { addCartItem } from "../src/db/queries/cart.queries.ts";
import { clearCart, decrementStock, insertOrder, lockBooksForUpdate, lockCart } from "../src/db/queries/checkout.queries.ts";
import { resolveConnection } from "../src/db/connection.ts";
import { recordEvent } from "../src/modules/events/service.ts";
import { placedOrder, toDetail } from "../src/modules/orders/service.ts";
import { restockOrder, transitionOrder } from "../src/db/queries/lifecycle.queries.ts";
import { createPool, prepared } from "../src/db/pool.ts";
import { withTransaction } from "../src/db/transaction.ts";
import { takeOffSales } from "../src/modules/analytics/service.ts";
import { closedLoop } from "./stats.ts";

interface Input {
  mode?: "purchase" | "cancel";
  databaseUrl: string;
  poolMax: number;
  users: { userId: number; bookIds: number[] }[];
  warmupMs: number;
  durationMs: number;
}

const input = JSON.parse(process.argv[2]!) as Input;
const pool = createPool(await resolveConnection(input.databaseUrl), input.poolMax);
const db = prepared(pool);

const result = await closedLoop(input.users.length, input.warmupMs, input.durationMs, async (vu) => {
  const { userId, bookIds } = input.users[vu]!;
  for (const bookId of bookIds) await addCartItem.run({ userId, bookId, quantity: 1 }, db);
  const began = performance.now();
  const orderId = await withTransaction(pool, async (tx) => {
    const [cart] = await lockCart.run({ userId }, tx);
    const lines = await lockBooksForUpdate.run({ cartId: cart!.id }, tx);
    if (lines.some((line) => line.stock_quantity < line.quantity)) return undefined;
    const ids = lines.map((line) => line.book_id);
    const quantities = lines.map((line) => line.quantity);
    const rows = await insertOrder.run({ userId, bookIds: ids, quantities, paymentReference: `bench_${crypto.randomUUID()}` }, tx);
    const decremented = await decrementStock.run({ bookIds: ids, quantities }, tx);
    const cleared = await clearCart.run({ cartId: cart!.id }, tx);
    await recordEvent(tx, "order.placed", placedOrder(rows, lines));
    return decremented.length === lines.length && cleared.length === lines.length ? rows[0]!.id : undefined;
  });
  const checkoutMs = performance.now() - began;
  if (input.mode !== "cancel" || orderId === undefined) return { ok: orderId !== undefined, checkoutMs };
  // What POST /orders/{id}/cancel runs (the mock refund is a no-op).
  const cancelled = await withTransaction(pool, async (tx) => {
    const rows = await transitionOrder.run(
      { orderId, from: "confirmed", to: "cancelled", ownerId: userId, actor: "user", paymentStatus: "refunded", setShipment: false },
      tx,
    );
    if (rows.length === 0) return false;
    const restocked = await restockOrder.run({ orderId }, tx);
    await recordEvent(tx, "order.cancelled", toDetail(rows, restocked));
    await takeOffSales(tx, orderId);
    return restocked.length > 0;
  });
  return { ok: cancelled, checkoutMs };
});
await pool.end();
console.log(JSON.stringify(result));
