import { afterAll, describe, expect, test } from "bun:test";
import { type PreparedQuery, processSQLQueryIR } from "@pgtyped/runtime";
import { createApp } from "../src/app.ts";
import { createPool } from "../src/db/pool.ts";
import { listOrders, listOrdersInStatus, listOrdersOfUserInStatus } from "../src/db/queries/orders.queries.ts";
import { withTransaction } from "../src/db/transaction.ts";
import { type Api, createApi, type Reply, setupTestApp, TEST_CONFIG } from "./support/app.ts";
import { CountingGateway, countingApp, insertUsers } from "./support/fixtures.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const gateway = new CountingGateway();
const t = await setupTestApp({ payment: gateway });
const admin = await t.createAdmin();

type Book = { id: number };
type User = { token: string };
type Action = "cancel" | "ship" | "deliver";
/** The status an action leads to, as the 409 detail names it ("it cannot be shipped"). */
const TARGET: Record<Action, string> = { cancel: "cancelled", ship: "shipped", deliver: "delivered" };

const stockOf = async (bookId: number) => (await t.call("GET", `/books/${bookId}`)).body.stock_quantity as number;
const detailOf = async (orderId: number) => (await t.call("GET", `/admin/orders/${orderId}`, { token: admin.token })).body;
const cancelAsOwner = (user: User, orderId: number, body?: unknown, headers?: Record<string, string>, api: Api = t) =>
  api.call("POST", `/orders/${orderId}/cancel`, { token: user.token, body, headers });
const asAdmin = (action: Action, orderId: number, body?: unknown, headers?: Record<string, string>, api: Api = t) =>
  api.call("POST", `/admin/orders/${orderId}/${action}`, { token: admin.token, body, headers });

function expectError(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
}

function expectRefused(reply: Reply, orderId: number, current: string, action: Action) {
  expectError(reply, 409, "ORDER_INVALID_TRANSITION");
  expect(reply.body.detail).toBe(`Order ${orderId} is ${current}; it cannot be ${TARGET[action]}`);
  expect(reply.body.current_status).toBe(current);
}

/** An order of `lines` placed by `user` through the API (`api`: which app instance). */
async function placeOrder(user: User, lines: [Book, number][], api: Api = t) {
  for (const [book, quantity] of lines) expect((await api.addToCart(user.token, book.id, quantity)).status).toBe(201);
  const reply = await api.checkout(user.token);
  expect(reply.status).toBe(201);
  return reply.body as {
    id: number;
    total_price: string;
    items: { id: number; book_id: number | null; quantity: number }[];
    history: { created_at: string }[];
  };
}

/** A buyer, inserted directly: registering through the API costs a slow password hash each. */
const newUser = async () => (await insertUsers(t.pool, 1))[0]!;

/** A fresh buyer with one order of a fresh book (stock 10, 3 ordered). */
async function confirmedOrder() {
  const user = await newUser();
  const book = await t.createBook(admin.token, { price: "4.50" }, 10);
  const order = await placeOrder(user, [[book, 3]]);
  return { user, book, order };
}

const historyOf = (detail: { history: { status: string }[] }) => detail.history.map((entry) => entry.status);

describe("the arrows", () => {
  test("cancel by its buyer: cancelled, refunded in full to the charge, every line back in stock, history with the reason", async () => {
    const user = await newUser();
    const a = await t.createBook(admin.token, { price: "14.99" }, 5);
    const b = await t.createBook(admin.token, { price: "0.30" }, 7);
    const order = await placeOrder(user, [[a, 3], [b, 2]]);
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([2, 5]);
    const refunds = gateway.refunds.length;

    const reply = await cancelAsOwner(user, order.id, { reason: "Ordered twice by mistake" });

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: order.id, status: "cancelled", payment_status: "refunded", shipment: null, total_price: "45.57" });
    expect(reply.body.items).toEqual(order.items.map((item) => expect.objectContaining(item)));
    expect(reply.body.history).toEqual([
      { status: "confirmed", created_at: expect.any(String), actor: "user", note: null },
      { status: "cancelled", created_at: reply.body.updated_at, actor: "user", note: "Ordered twice by mistake" },
    ]);
    expect(new Date(reply.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(reply.body.created_at).getTime());
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([5, 7]);
    // One refund, of the whole amount, naming the reference checkout stored for the charge.
    const [stored] = (await t.pool.query("SELECT payment_reference FROM orders WHERE id = $1", [order.id])).rows;
    expect(gateway.refunds.slice(refunds)).toEqual([{ reference: stored.payment_reference, amount: "45.57" }]);
    expect((await t.call("GET", `/orders/${order.id}`, { token: user.token })).body).toEqual(reply.body);
  });

  test("an admin cancels any user's order; the entry's actor is admin and an empty body has no note", async () => {
    const { book, order } = await confirmedOrder();
    const reply = await asAdmin("cancel", order.id);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe("cancelled");
    expect(reply.body.history.at(-1)).toMatchObject({ status: "cancelled", actor: "admin", note: null });
    expect(await stockOf(book.id)).toBe(10);
  });

  test("ship, then deliver: the shipment is kept, history lists each status once, oldest first", async () => {
    const { user, book, order } = await confirmedOrder();

    const shipped = await asAdmin("ship", order.id, { carrier: "DHL", tracking_number: "JD0146000033" });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: "shipped", payment_status: "paid", shipment: { carrier: "DHL", tracking_number: "JD0146000033" } });

    const delivered = await asAdmin("deliver", order.id);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: "delivered", shipment: { carrier: "DHL", tracking_number: "JD0146000033" } });
    expect(delivered.body.history).toEqual([
      { status: "confirmed", created_at: order.history[0]!.created_at, actor: "user", note: null },
      { status: "shipped", created_at: shipped.body.updated_at, actor: "admin", note: null },
      { status: "delivered", created_at: delivered.body.updated_at, actor: "admin", note: null },
    ]);
    expect(await stockOf(book.id)).toBe(7);
    // The owner sees the same detail; the lists show the order without its history.
    expect((await t.call("GET", `/orders/${order.id}`, { token: user.token })).body).toEqual(delivered.body);
    const [listed] = (await t.call("GET", "/orders?limit=1", { token: user.token })).body;
    const { history: _, ...withoutHistory } = delivered.body;
    expect(listed).toEqual(withoutHistory);
  });

  test("shipping without a body or with one field: the shipment has null for what was not given", async () => {
    const first = await confirmedOrder();
    expect((await asAdmin("ship", first.order.id)).body.shipment).toEqual({ carrier: null, tracking_number: null });
    const second = await confirmedOrder();
    expect((await asAdmin("ship", second.order.id, { carrier: "UPS" })).body.shipment).toEqual({ carrier: "UPS", tracking_number: null });
  });

  test("every refused arrow → 409 ORDER_INVALID_TRANSITION naming the current status; nothing changes", async () => {
    const inStatus = async (status: string) => {
      const placed = await confirmedOrder();
      if (status === "shipped" || status === "delivered") expect((await asAdmin("ship", placed.order.id)).status).toBe(200);
      if (status === "delivered") expect((await asAdmin("deliver", placed.order.id)).status).toBe(200);
      if (status === "cancelled") expect((await asAdmin("cancel", placed.order.id)).status).toBe(200);
      // Not reachable through the API (kept in the enum for a gateway that records declines).
      if (status === "payment_failed") await t.pool.query("UPDATE orders SET status = 'payment_failed' WHERE id = $1", [placed.order.id]);
      return placed;
    };
    const refused: Record<string, Action[]> = {
      confirmed: ["deliver"],
      shipped: ["cancel", "ship"],
      delivered: ["cancel", "ship", "deliver"],
      cancelled: ["cancel", "ship", "deliver"],
      payment_failed: ["cancel", "ship", "deliver"],
    };
    let attempts = 0;
    for (const [status, actions] of Object.entries(refused)) {
      const { user, book, order } = await inStatus(status);
      const before = { detail: await detailOf(order.id), stock: await stockOf(book.id), refunds: gateway.refunds.length };
      for (const action of actions) {
        expectRefused(await asAdmin(action, order.id), order.id, status, action);
        if (action === "cancel") expectRefused(await cancelAsOwner(user, order.id), order.id, status, action);
        attempts++;
      }
      expect({ detail: await detailOf(order.id), stock: await stockOf(book.id), refunds: gateway.refunds.length }).toEqual(before);
    }
    expect(attempts).toBe(12);
  });

  test("404 ORDER_NOT_FOUND for another user's order on the owner's route (nothing changes) and for a missing order", async () => {
    const { book, order } = await confirmedOrder();
    const stranger = await newUser();
    expectError(await cancelAsOwner(stranger, order.id), 404, "ORDER_NOT_FOUND");
    expect((await detailOf(order.id)).status).toBe("confirmed");
    expect(await stockOf(book.id)).toBe(7);
    expectError(await t.call("GET", `/orders/${order.id}`, { token: stranger.token }), 404, "ORDER_NOT_FOUND");

    const missing = 2_000_000_000;
    expectError(await cancelAsOwner(stranger, missing), 404, "ORDER_NOT_FOUND");
    for (const action of ["cancel", "ship", "deliver"] as const) expectError(await asAdmin(action, missing), 404, "ORDER_NOT_FOUND");
    expectError(await t.call("GET", `/admin/orders/${missing}`, { token: admin.token }), 404, "ORDER_NOT_FOUND");
  });

  test("a user on an admin order route → 403 AUTH_FORBIDDEN (before the body is looked at); no token → 401", async () => {
    const { user, order } = await confirmedOrder();
    for (const action of ["cancel", "ship", "deliver"] as const) {
      const path = `/admin/orders/${order.id}/${action}`;
      expectError(await t.call("POST", path, { token: user.token, body: { carrier: "x".repeat(101) } }), 403, "AUTH_FORBIDDEN");
      expectError(await t.call("POST", path), 401, "AUTH_TOKEN_MISSING");
    }
    expectError(await t.call("GET", `/admin/orders/${order.id}`, { token: user.token }), 403, "AUTH_FORBIDDEN");
    expectError(await t.call("GET", "/admin/orders?status=cancelled", { token: user.token }), 403, "AUTH_FORBIDDEN");
    expectError(await t.call("POST", `/orders/${order.id}/cancel`), 401, "AUTH_TOKEN_MISSING");
    expect((await detailOf(order.id)).status).toBe("confirmed");
  });

  test("422 VALIDATION_ERROR for a too-long reason, carrier or tracking number, a non-boolean flag, a bad id", async () => {
    const { user, order } = await confirmedOrder();
    const invalid: [string, () => Promise<Reply>][] = [
      ["reason", () => cancelAsOwner(user, order.id, { reason: "x".repeat(501) })],
      ["reason", () => asAdmin("cancel", order.id, { reason: "x".repeat(501) })],
      ["force_refund_failure", () => cancelAsOwner(user, order.id, { force_refund_failure: "yes" })],
      ["carrier", () => asAdmin("ship", order.id, { carrier: "x".repeat(101) })],
      ["tracking_number", () => asAdmin("ship", order.id, { tracking_number: "x".repeat(101) })],
      ["id", () => t.call("POST", "/orders/abc/cancel", { token: user.token })],
      ["id", () => t.call("POST", "/admin/orders/0/ship", { token: admin.token })],
    ];
    for (const [field, send] of invalid) {
      const reply = await send();
      expectError(reply, 422, "VALIDATION_ERROR");
      expect(reply.body.field).toBe(field);
    }
    expect((await detailOf(order.id)).history).toHaveLength(1);
    // The limits themselves are accepted.
    const longest = await cancelAsOwner(user, order.id, { reason: "x".repeat(500) });
    expect(longest.status).toBe(200);
    expect(longest.body.history[1].note).toHaveLength(500);
    const other = await confirmedOrder();
    const shipped = await asAdmin("ship", other.order.id, { carrier: "c".repeat(100), tracking_number: "t".repeat(100) });
    expect(shipped.status).toBe(200);
  });

  test("a line whose book was deleted is skipped; the other lines are restocked, the whole amount refunded", async () => {
    const user = await newUser();
    const [a, gone, c] = await Promise.all([1, 2, 3].map((i) => t.createBook(admin.token, { title: `Line ${i}`, price: "2.00" }, 10)));
    const order = await placeOrder(user, [[a!, 2], [gone!, 3], [c!, 1]]);
    expect((await t.call("DELETE", `/books/${gone!.id}`, { token: admin.token })).status).toBe(204);
    const refunds = gateway.refunds.length;

    const reply = await cancelAsOwner(user, order.id);

    expect(reply.status).toBe(200);
    expect([await stockOf(a!.id), await stockOf(c!.id)]).toEqual([10, 10]);
    expect(reply.body.items.map((item: { book_id: number | null; book: unknown }) => [item.book_id, item.book === null]))
      .toEqual(order.items.map((item) => (item.book_id === gone!.id ? [null, true] : [item.book_id, false])));
    expect(gateway.refunds.slice(refunds).map((refund) => refund.amount)).toEqual(["12.00"]);
  });

  test("refund declined → 502 PAYMENT_REFUND_FAILED; order, history, stock and payment status untouched", async () => {
    const { user, book, order } = await confirmedOrder();
    const before = await detailOf(order.id);
    const refunds = gateway.refunds.length;

    for (const reply of [
      await cancelAsOwner(user, order.id, { force_refund_failure: true, reason: "changed my mind" }),
      await asAdmin("cancel", order.id, { force_refund_failure: true }),
    ]) {
      expectError(reply, 502, "PAYMENT_REFUND_FAILED");
    }

    expect(await detailOf(order.id)).toEqual(before);
    expect(before).toMatchObject({ status: "confirmed", payment_status: "paid" });
    expect(await stockOf(book.id)).toBe(7);
    expect(gateway.refunds.length).toBe(refunds);
    // Nothing was left half-done: the next cancel goes through.
    expect((await cancelAsOwner(user, order.id)).status).toBe(200);
    expect(await stockOf(book.id)).toBe(10);
  });

  test("GET /admin/orders?status= lists one status, combines with user_id and pages; another status → 422", async () => {
    const user = await newUser();
    const book = await t.createBook(admin.token, {}, 20);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await placeOrder(user, [[book, 1]])).id);
    await asAdmin("cancel", ids[0]!);
    await asAdmin("cancel", ids[2]!);
    await asAdmin("ship", ids[3]!);

    const listed = async (query: string) =>
      (await t.call("GET", `/admin/orders?${query}`, { token: admin.token })).body.map((order: { id: number }) => order.id);
    expect(await listed(`user_id=${user.id}&status=cancelled`)).toEqual([ids[2], ids[0]]);
    expect(await listed(`user_id=${user.id}&status=shipped`)).toEqual([ids[3]]);
    expect(await listed(`user_id=${user.id}&status=confirmed`)).toEqual([ids[1]]);
    expect(await listed(`user_id=${user.id}&status=delivered`)).toEqual([]);
    // Without user_id: every user's orders in that status, newest first.
    const cancelled = await listed("status=cancelled&limit=100");
    expect(cancelled.slice(0, 2)).toEqual([ids[2], ids[0]]);
    for (const id of cancelled) expect((await detailOf(id)).status).toBe("cancelled");

    const page = await t.call("GET", `/admin/orders?status=cancelled&user_id=${user.id}&limit=1`, { token: admin.token });
    expect(page.headers.get("link")).toBe(`</admin/orders?status=cancelled&user_id=${user.id}&limit=1&before=${ids[2]}>; rel="next"`);

    for (const status of ["payment_failed", "CANCELLED", "lost", ""]) {
      const reply = await t.call("GET", `/admin/orders?status=${status}`, { token: admin.token });
      expectError(reply, 422, "VALIDATION_ERROR");
      expect(reply.body.field).toBe("status");
    }
  });
});

test("the filtered lists walk their own index even when an old customer's orders are all behind newer ones", async () => {
  // One user's 2000 orders (a few cancelled), then 20000 newer orders of another: the shape
  // that makes a backward walk of the primary key look cheap and cost the whole table.
  const [old, busy] = await insertUsers(t.pool, 2);
  // A bulk insert, not a request: on a loaded machine 20 000 rows outlast the pool's 1.5 s timeout.
  const seed = (userId: number, count: number) =>
    withTransaction(t.pool, async (tx) => {
      await tx.query("SET LOCAL statement_timeout = 0", []);
      await tx.query(
        `WITH o AS (INSERT INTO orders (user_id, payment_reference) SELECT $1, 'seed' FROM generate_series(1, $2::int) RETURNING id)
         INSERT INTO order_status_history (order_id, status, actor) SELECT id, 'confirmed', 'user' FROM o`,
        [userId, count],
      );
    });
  await seed(old!.id, 2000);
  await t.pool.query("UPDATE orders SET status = 'delivered' WHERE user_id = $1 AND id % 100 = 0", [old!.id]);
  await seed(busy!.id, 20_000);
  await t.pool.query("ANALYZE orders");
  const before = 2_147_483_647;
  const [byUser, byStatus] = ["orders_user_id_id_idx", "orders_status_id_idx"];
  const statements: [PreparedQuery<any, any>, Record<string, string | number>, string[]][] = [
    [listOrders, { userId: old!.id, before, limit: 11 }, [byUser]],
    [listOrdersOfUserInStatus, { userId: old!.id, status: "delivered", before, limit: 11 }, [byUser, byStatus]],
    [listOrdersInStatus, { status: "delivered", before, limit: 11 }, [byStatus]],
  ];
  const client = await t.pool.connect();
  try {
    for (const mode of ["force_custom_plan", "force_generic_plan"]) {
      await client.query(`SET plan_cache_mode = ${mode}`);
      for (const [query, params, allowed] of statements) {
        const { query: text, bindings } = processSQLQueryIR((query as any).queryIR, params);
        await client.query(`PREPARE listed AS ${text}`);
        const literals = bindings.map((value) => (typeof value === "string" ? `'${value}'` : String(value)));
        const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE listed(${literals.join(", ")})`);
        await client.query("DEALLOCATE listed");
        const [scanned, ...more] = [...JSON.stringify(rows[0]["QUERY PLAN"]).matchAll(/"Index Name":"(\w+)"/g)].map((m) => m[1]);
        const where = text.split("\n")[1];
        const verdict = allowed.includes(scanned!) && more.length === 0 ? "its own index" : [scanned, ...more];
        expect({ mode, where, verdict }).toEqual({ mode, where, verdict: "its own index" });
      }
    }
  } finally {
    await client.query("RESET plan_cache_mode");
    client.release();
  }
});

describe("Idempotency-Key on both cancel routes", () => {
  const key = (value: string) => ({ "idempotency-key": value });

  test("a retry replays the 200 byte for byte, with Idempotent-Replayed, and refunds once", async () => {
    const { user, order } = await confirmedOrder();
    const send = () =>
      t.app.handle(new Request(`http://localhost/orders/${order.id}/cancel`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json", ...key("cancel-1") },
        body: JSON.stringify({ reason: "late" }),
      }));
    const first = await send();
    const firstBody = await first.text();
    const refunds = gateway.refunds.length;
    const retry = await send();
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(firstBody);
    expect(gateway.refunds.length).toBe(refunds);
  });

  test("the same key sent 10 times at once: one cancel runs, the others wait their turn or replay it; one refund", async () => {
    const { user, book, order } = await confirmedOrder();
    const refunds = gateway.refunds.length;
    gateway.delayMs = 30; // keep the first claim busy while the others arrive
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => cancelAsOwner(user, order.id, { reason: "twice" }, key("same-cancel"))),
    ).finally(() => {
      gateway.delayMs = 0;
    });
    const ran = replies.filter((reply) => reply.status === 200 && reply.headers.get("idempotent-replayed") === null);
    expect(ran).toHaveLength(1);
    for (const reply of replies.filter((r) => r !== ran[0])) {
      if (reply.status === 200) expect(reply.body).toEqual(ran[0]!.body);
      else expectError(reply, 409, "IDEMPOTENCY_KEY_IN_USE");
    }
    expect(gateway.refunds.length - refunds).toBe(1);
    expect(await stockOf(book.id)).toBe(10);
  });

  test("a 409 is recorded: its replay names the status of the first answer, not today's", async () => {
    const { order } = await confirmedOrder();
    await asAdmin("ship", order.id);
    expectRefused(await asAdmin("cancel", order.id, undefined, key("late-cancel")), order.id, "shipped", "cancel");
    await asAdmin("deliver", order.id);
    const replay = await asAdmin("cancel", order.id, undefined, key("late-cancel"));
    expectRefused(replay, order.id, "shipped", "cancel");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  test("502, 404 and 422 are not recorded: the key is released and a retry runs again", async () => {
    const { user, book, order } = await confirmedOrder();
    const spare = await placeOrder(user, [[book, 1]]);
    expectError(await cancelAsOwner(user, order.id, { force_refund_failure: true }, key("k-502")), 502, "PAYMENT_REFUND_FAILED");
    const again = await cancelAsOwner(user, order.id, { force_refund_failure: true }, key("k-502"));
    expectError(again, 502, "PAYMENT_REFUND_FAILED");
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    // Released, so the same key may now carry another request.
    expect((await cancelAsOwner(user, order.id, undefined, key("k-502"))).status).toBe(200);

    const stranger = await confirmedOrder();
    expectError(await cancelAsOwner(user, stranger.order.id, undefined, key("k-404")), 404, "ORDER_NOT_FOUND");
    expectError(await cancelAsOwner(user, spare.id, { reason: "x".repeat(501) }, key("k-422")), 422, "VALIDATION_ERROR");
    const kept = await t.pool.query("SELECT key FROM idempotency_keys WHERE user_id = $1 AND key IN ('k-404', 'k-422')", [user.id]);
    expect(kept.rows).toEqual([]);
    expect((await cancelAsOwner(user, spare.id, undefined, key("k-404"))).status).toBe(200);
    expect(await stockOf(book.id)).toBe(10);
  });

  test("a key belongs to its user: on another order, route or body → 422 IDEMPOTENCY_KEY_REUSED; body forms of one request are one", async () => {
    const { user, book, order } = await confirmedOrder();
    const second = await placeOrder(user, [[book, 1]]);
    expect((await cancelAsOwner(user, order.id, undefined, key("mine"))).status).toBe(200);
    for (const body of [{}, { force_refund_failure: false }]) {
      const same = await cancelAsOwner(user, order.id, body, key("mine"));
      expect(same.status).toBe(200);
      expect(same.headers.get("idempotent-replayed")).toBe("true");
    }
    for (const reused of [
      await cancelAsOwner(user, second.id, undefined, key("mine")),
      await cancelAsOwner(user, order.id, { reason: "other" }, key("mine")),
      await t.call("POST", "/orders/checkout", { token: user.token, headers: key("mine") }),
    ]) {
      expectError(reused, 422, "IDEMPOTENCY_KEY_REUSED");
      expect(reused.body.field).toBe("Idempotency-Key");
    }
    expect((await detailOf(second.id)).status).toBe("confirmed");

    // The admin route is another route: the admin's key used there does not fit the owner's route.
    const third = await confirmedOrder();
    expect((await asAdmin("cancel", third.order.id, undefined, key("admin-key"))).status).toBe(200);
    expectError(await asAdmin("cancel", second.id, undefined, key("admin-key")), 422, "IDEMPOTENCY_KEY_REUSED");
    // Another user's identical key is independent.
    expect((await cancelAsOwner(user, second.id, undefined, key("admin-key"))).status).toBe(200);
  });
});

describe("under real concurrency", () => {
  // A second app instance with its own pool stands for a second API process on the database.
  const otherPool = createPool(t.connection, 10);
  afterAll(() => otherPool.end());
  const otherApp = createApp({ pool: otherPool, config: TEST_CONFIG, payment: gateway });
  const other = createApi((request) => otherApp.handle(request), otherPool);
  const either = (i: number): Api => (i % 2 ? other : t);

  test("20 cancels of one order at once (owner and admin, two processes): one 200, 19 × 409, one refund, stock back once", async () => {
    const { user, book, order } = await confirmedOrder();
    const refunds = gateway.refunds.length;
    gateway.delayMs = 20; // the winner holds the order's row lock while the gateway answers
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 4 < 2 ? cancelAsOwner(user, order.id, undefined, undefined, either(i)) : asAdmin("cancel", order.id, undefined, undefined, either(i)))),
    ).finally(() => {
      gateway.delayMs = 0;
    });

    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    const losers = replies.filter((reply) => reply.status !== 200);
    expect(losers).toHaveLength(19);
    for (const reply of losers) expectRefused(reply, order.id, "cancelled", "cancel");
    expect(gateway.refunds.length - refunds).toBe(1);
    expect(await stockOf(book.id)).toBe(10);
    expect(historyOf(await detailOf(order.id))).toEqual(["confirmed", "cancelled"]);
  });

  test("cancel vs ship on 30 orders at once: each order ends in exactly one of the two, the loser is told which", async () => {
    const user = await newUser();
    const book = await t.createBook(admin.token, {}, 40);
    const orders: number[] = [];
    for (let i = 0; i < 30; i++) orders.push((await placeOrder(user, [[book, 1]])).id);
    const refunds = gateway.refunds.length;

    const pairs = await Promise.all(
      orders.map(async (id, i) => {
        const cancel = () => cancelAsOwner(user, id, undefined, undefined, either(i));
        const ship = () => asAdmin("ship", id, { carrier: "DHL" }, undefined, either(i + 1));
        // Alternate which request leaves first.
        const [cancelled, shipped] = i % 2 ? await Promise.all([cancel(), ship()]) : (await Promise.all([ship(), cancel()])).toReversed();
        return { id, cancelled: cancelled!, shipped: shipped! };
      }),
    );

    let cancels = 0;
    for (const { id, cancelled, shipped } of pairs) {
      const final = (await detailOf(id)).status;
      if (cancelled.status === 200) {
        cancels++;
        expect(final).toBe("cancelled");
        expectRefused(shipped, id, "cancelled", "ship");
      } else {
        expect(shipped.status).toBe(200);
        expect(final).toBe("shipped");
        expectRefused(cancelled, id, "shipped", "cancel");
      }
      expect(historyOf(await detailOf(id))).toEqual(["confirmed", final]);
    }
    console.log(`cancel vs ship on 30 orders: ${cancels} cancelled, ${30 - cancels} shipped`);
    expect(gateway.refunds.length - refunds).toBe(cancels);
    expect(await stockOf(book.id)).toBe(40 - 30 + cancels);
  });

  test("50 buyers of a scarce book while 20 holders cancel: no oversell, no 5xx, every copy accounted for", async () => {
    const scarce = await t.createBook(admin.token, { title: "Scarce" }, 25);
    const companion = await t.createBook(admin.token, { title: "Companion" }, 100);
    const [holders, buyers] = [await insertUsers(t.pool, 20), await insertUsers(t.pool, 50)];
    const held: { id: number }[] = [];
    for (const holder of holders) held.push(await placeOrder(holder, [[scarce, 1], [companion, 2]]));
    expect([await stockOf(scarce.id), await stockOf(companion.id)]).toEqual([5, 60]);
    for (const buyer of buyers) expect((await t.addToCart(buyer.token, scarce.id)).status).toBe(201);

    const [checkouts, cancels] = await Promise.all([
      Promise.all(buyers.map((buyer, i) => either(i).checkout(buyer.token))),
      Promise.all(holders.map((holder, i) => cancelAsOwner(holder, held[i]!.id, undefined, undefined, either(i + 1)))),
    ]);

    expect([...checkouts, ...cancels].filter((reply) => reply.status >= 500)).toEqual([]);
    expect(cancels.every((reply) => reply.status === 200)).toBe(true);
    const created = checkouts.filter((reply) => reply.status === 201).length;
    for (const reply of checkouts.filter((r) => r.status !== 201)) expectError(reply, 409, "ORDER_INSUFFICIENT_STOCK");
    console.log(`50 buyers vs 20 cancels of a 25-copy book: ${created} orders placed`);
    expect(created).toBeGreaterThanOrEqual(5);
    expect(created).toBeLessThanOrEqual(25);
    for (const [book, supplied] of [[scarce, 25], [companion, 100]] as const) {
      const { rows } = await t.pool.query(
        `SELECT coalesce(sum(i.quantity), 0)::int AS ordered FROM order_items i JOIN orders o ON o.id = i.order_id
         WHERE i.book_id = $1 AND o.status <> 'cancelled'`,
        [book.id],
      );
      expect((await stockOf(book.id)) + rows[0].ordered).toBe(supplied);
    }
    expect(await stockOf(companion.id)).toBe(100);
  });
});

test("a cancel runs the same number of statements for a 1-line and a 50-line order", async () => {
  const api = countingApp(t.connection, gateway);
  try {
    const books = await Promise.all(Array.from({ length: 50 }, (_, i) => t.createBook(admin.token, { title: `Line ${i}` }, 5)));
    const counts: number[] = [];
    for (const lines of [1, 50]) {
      const user = await newUser();
      const order = await placeOrder(user, books.slice(0, lines).map((book) => [book, 2] as [Book, number]));
      api.statements.length = 0;
      const reply = await cancelAsOwner(user, order.id, undefined, undefined, api);
      expect(reply.status).toBe(200);
      expect(reply.body.items).toHaveLength(lines);
      counts.push(api.statements.length);
    }
    for (const book of books) expect(await stockOf(book.id)).toBe(5);
    // BEGIN, transition_order, restock_order, record_event, take_off_cancelled_sales, COMMIT
    expect(counts).toEqual([6, 6]);
  } finally {
    await api.end();
  }
});
