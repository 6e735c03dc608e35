import { describe, expect, test } from "bun:test";
import { createApp } from "../src/app.ts";
import { createPool } from "../src/db/pool.ts";
import { createApi, setupTestApp, TEST_CONFIG } from "./support/app.ts";
import { countingApp } from "./support/fixtures.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const t = await setupTestApp();
const admin = await t.createAdmin();

const stockOf = async (bookId: number) => (await t.call("GET", `/books/${bookId}`)).body.stock_quantity as number;
const cartOf = async (token: string) => (await t.call("GET", "/cart", { token })).body;
const orderCount = async () => Number((await t.pool.query("SELECT count(*) FROM orders")).rows[0].count);

describe("POST /orders/checkout", () => {
  test("creates the order, snapshots prices, takes the stock and empties the cart", async () => {
    const user = await t.registerUser();
    const a = await t.createBook(admin.token, { price: "14.99" }, 5);
    const b = await t.createBook(admin.token, { price: "0.30" }, 2);
    await t.addToCart(user.token, b.id, 2);
    await t.addToCart(user.token, a.id, 3);

    const reply = await t.checkout(user.token);

    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ user_id: user.id, status: "confirmed", payment_status: "paid", shipment: null, total_price: "45.57" });
    expect(new Date(reply.body.created_at).toISOString()).toBe(reply.body.created_at);
    expect(reply.body.updated_at).toBe(reply.body.created_at);
    // The answer is an OrderDetail: its history is the one confirmed entry, by the buyer.
    expect(reply.body.history).toEqual([{ status: "confirmed", created_at: reply.body.created_at, actor: "user", note: null }]);
    expect(reply.body.items).toEqual([
      { id: expect.any(Number), book_id: a.id, quantity: 3, unit_price: "14.99", book: { id: a.id, title: a.title, author: "An Author" } },
      { id: expect.any(Number), book_id: b.id, quantity: 2, unit_price: "0.30", book: { id: b.id, title: b.title, author: "An Author" } },
    ]);
    expect(await stockOf(a.id)).toBe(2);
    expect(await stockOf(b.id)).toBe(0);
    expect(await cartOf(user.token)).toEqual({ items: [], total_items: 0, total_price: "0.00" });
    expect((await t.call("GET", `/orders/${reply.body.id}`, { token: user.token })).body).toEqual(reply.body);
  });

  test("an empty body, {} and no content-type all check out", async () => {
    const user = await t.registerUser();
    const book = await t.createBook(admin.token, {}, 4);
    for (const body of [undefined, {}, ""]) {
      await t.addToCart(user.token, book.id);
      expect((await t.checkout(user.token, body)).status).toBe(201);
    }
    await t.addToCart(user.token, book.id);
    const raw = await t.app.handle(new Request("http://localhost/orders/checkout", {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ force_payment_failure: false }),
    }));
    expect(raw.status).toBe(201);
  });

  test("uses the price at checkout time; later price changes do not alter the order", async () => {
    const user = await t.registerUser();
    const book = await t.createBook(admin.token, { price: "10.00" }, 5);
    await t.addToCart(user.token, book.id, 2);
    await t.call("PUT", `/books/${book.id}`, { token: admin.token, body: { price: "12.50" } });

    const order = await t.checkout(user.token);
    expect(order.body.items[0].unit_price).toBe("12.50");
    expect(order.body.total_price).toBe("25.00");

    await t.call("PUT", `/books/${book.id}`, { token: admin.token, body: { price: "99.99" } });
    const later = await t.call("GET", `/orders/${order.body.id}`, { token: user.token });
    expect(later.body.items[0].unit_price).toBe("12.50");
    expect(later.body.total_price).toBe("25.00");
  });

  test("empty cart → 422 ORDER_CART_EMPTY and nothing is created", async () => {
    const user = await t.registerUser();
    const before = await orderCount();
    const reply = await t.checkout(user.token);
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe("ORDER_CART_EMPTY");
    expect(await orderCount()).toBe(before);
  });

  test("short stock → 409 listing every short line; cart, stock and orders untouched", async () => {
    const user = await t.registerUser();
    const plenty = await t.createBook(admin.token, { title: "Plenty" }, 10);
    const few = await t.createBook(admin.token, { title: "Few" }, 1);
    const none = await t.createBook(admin.token, { title: "None" }, 1);
    await t.addToCart(user.token, plenty.id, 2);
    await t.addToCart(user.token, few.id, 3);
    await t.addToCart(user.token, none.id, 1);
    await t.call("PATCH", `/books/${none.id}/stock`, { token: admin.token, body: { quantity: 0 } });
    const cartBefore = await cartOf(user.token);
    const ordersBefore = await orderCount();

    const reply = await t.checkout(user.token);

    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe("ORDER_INSUFFICIENT_STOCK");
    expect(reply.body.items).toEqual([
      { book_id: few.id, title: "Few", requested: 3, available: 1 },
      { book_id: none.id, title: "None", requested: 1, available: 0 },
    ]);
    expect(await cartOf(user.token)).toEqual(cartBefore);
    expect([await stockOf(plenty.id), await stockOf(few.id), await stockOf(none.id)]).toEqual([10, 1, 0]);
    expect(await orderCount()).toBe(ordersBefore);
  });

  test("declined payment → 402 ORDER_PAYMENT_FAILED; cart, stock and orders untouched", async () => {
    const user = await t.registerUser();
    const book = await t.createBook(admin.token, {}, 4);
    await t.addToCart(user.token, book.id, 2);
    const cartBefore = await cartOf(user.token);
    const ordersBefore = await orderCount();

    const reply = await t.checkout(user.token, { force_payment_failure: true });

    expect(reply.status).toBe(402);
    expect(reply.body.code).toBe("ORDER_PAYMENT_FAILED");
    expect(await cartOf(user.token)).toEqual(cartBefore);
    expect(await stockOf(book.id)).toBe(4);
    expect(await orderCount()).toBe(ordersBefore);
    // The same cart checks out once payment goes through.
    expect((await t.checkout(user.token)).status).toBe(201);
  });

  test("PAYMENT_DECLINE_RATE=1 declines every checkout", async () => {
    const app = createApp({ pool: t.pool, config: { ...TEST_CONFIG, paymentDeclineRate: 1 } });
    const api = createApi((request) => app.handle(request), t.pool);
    const user = await api.registerUser();
    const book = await t.createBook(admin.token, {}, 1);
    await api.addToCart(user.token, book.id);
    const reply = await api.checkout(user.token);
    expect(reply.status).toBe(402);
    expect(reply.body.code).toBe("ORDER_PAYMENT_FAILED");
    expect(await stockOf(book.id)).toBe(1);
  });

  test("requires a token and rejects a non-boolean force_payment_failure", async () => {
    const missing = await t.checkout("");
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe("AUTH_TOKEN_MISSING");
    const user = await t.registerUser();
    const invalid = await t.checkout(user.token, { force_payment_failure: "yes" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe("VALIDATION_ERROR");
    expect(invalid.body.field).toBe("force_payment_failure");
  });
});

test("a checkout runs the same number of statements for 1 and 50 cart lines", async () => {
  const api = countingApp(t.connection);
  try {
    const books = await Promise.all(Array.from({ length: 50 }, (_, i) => t.createBook(admin.token, { title: `Line ${i}` }, 5)));
    const counts: number[] = [];
    for (const lines of [1, 50]) {
      const user = await t.registerUser();
      for (const book of books.slice(0, lines)) await t.addToCart(user.token, book.id);
      api.statements.length = 0;
      const reply = await api.checkout(user.token);
      expect(reply.status).toBe(201);
      expect(reply.body.items).toHaveLength(lines);
      counts.push(api.statements.length);
    }
    // BEGIN, lock_cart, lock_books_for_update, insert_order, decrement_stock, clear_cart, record_event,
    // COMMIT (nothing for the analytics: the day is rolled up once it is over)
    expect(counts).toEqual([8, 8]);
  } finally {
    await api.end();
  }
});

describe("under real concurrency", () => {
  // Two app instances with their own pools stand for two API processes sharing the database.
  const second = createApp({ pool: t.pool, config: TEST_CONFIG });
  const secondApi = createApi((request) => second.handle(request), t.pool);

  test("50 users racing for 7 copies: exactly 7 orders, 43 × 409, stock 0, no 5xx", async () => {
    const otherPool = createPool(t.connection, 10);
    const otherApp = createApp({ pool: otherPool, config: TEST_CONFIG });
    const otherApi = createApi((request) => otherApp.handle(request), otherPool);
    try {
      const book = await t.createBook(admin.token, { title: "Scarce" }, 7);
      const users = await Promise.all(Array.from({ length: 50 }, () => t.registerUser()));
      for (const user of users) expect((await t.addToCart(user.token, book.id)).status).toBe(201);
      const ordersBefore = await orderCount();

      const started = performance.now();
      const replies = await Promise.all(users.map((user, i) => (i % 2 ? otherApi : t).checkout(user.token)));
      const elapsed = performance.now() - started;
      console.log(`50 concurrent checkouts of one book: ${elapsed.toFixed(0)} ms`);

      const statuses = replies.map((reply) => reply.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(7);
      expect(statuses.filter((status) => status === 409)).toHaveLength(43);
      expect(replies.filter((reply) => reply.status === 409).every((reply) => reply.body.code === "ORDER_INSUFFICIENT_STOCK")).toBe(true);
      expect(await stockOf(book.id)).toBe(0);
      expect((await orderCount()) - ordersBefore).toBe(7);
    } finally {
      await otherPool.end();
    }
  });

  test("one cart checked out 5 times at once becomes exactly one order", async () => {
    const user = await t.registerUser();
    const book = await t.createBook(admin.token, {}, 10);
    await t.addToCart(user.token, book.id, 3);

    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 ? secondApi : t).checkout(user.token)));

    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422]);
    expect(replies.filter((reply) => reply.status === 422).every((reply) => reply.body.code === "ORDER_CART_EMPTY")).toBe(true);
    expect(await stockOf(book.id)).toBe(7);
    expect((await t.call("GET", "/orders", { token: user.token })).body).toHaveLength(1);
  });

  test("overlapping carts filled in different orders: no deadlock, no 5xx, stock conserved", async () => {
    const books = await Promise.all(Array.from({ length: 6 }, (_, i) => t.createBook(admin.token, { title: `Shared ${i}` }, 40)));
    const users = await Promise.all(Array.from({ length: 24 }, () => t.registerUser()));
    // Each user takes 3–6 of the shared books, in an order that differs user to user.
    for (const [i, user] of users.entries()) {
      const picks = books.slice(i % 3).toReversed();
      if (i % 2) picks.reverse();
      for (const book of picks) await t.addToCart(user.token, book.id, 1 + (i % 3));
    }
    const deadlocks = async () =>
      Number((await t.pool.query("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")).rows[0].deadlocks);
    const deadlocksBefore = await deadlocks();

    const replies = await Promise.all(users.map((user, i) => (i % 2 ? secondApi : t).checkout(user.token)));

    expect(replies.filter((reply) => reply.status >= 500)).toEqual([]);
    expect(replies.every((reply) => reply.status === 201 || reply.status === 409)).toBe(true);
    const ordered = new Map<number, number>();
    for (const reply of replies.filter((r) => r.status === 201)) {
      for (const item of reply.body.items) ordered.set(item.book_id, (ordered.get(item.book_id) ?? 0) + item.quantity);
    }
    for (const book of books) expect((await stockOf(book.id)) + (ordered.get(book.id) ?? 0)).toBe(40);
    // pg_stat counters are flushed asynchronously; force it before reading.
    await t.pool.query("SELECT pg_stat_force_next_flush()");
    expect(await deadlocks()).toBe(deadlocksBefore);
  });
});

describe("GET /orders, /orders/{id}, /admin/orders", () => {
  test("a user sees only their own orders, newest first; another's order is 404", async () => {
    const alice = await t.registerUser();
    const bob = await t.registerUser();
    const book = await t.createBook(admin.token, {}, 10);
    const placed: number[] = [];
    for (let i = 0; i < 3; i++) {
      await t.addToCart(alice.token, book.id);
      placed.push((await t.checkout(alice.token)).body.id);
    }
    await t.addToCart(bob.token, book.id);
    const bobsOrder = (await t.checkout(bob.token)).body.id;

    const list = await t.call("GET", "/orders", { token: alice.token });
    expect(list.status).toBe(200);
    expect(list.body.map((order: { id: number }) => order.id)).toEqual(placed.toReversed());
    expect(list.headers.get("link")).toBeNull();

    const foreign = await t.call("GET", `/orders/${bobsOrder}`, { token: alice.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("ORDER_NOT_FOUND");
    const missing = await t.call("GET", "/orders/999999", { token: alice.token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("ORDER_NOT_FOUND");
  });

  test("paging follows Link rel=next through every order exactly once", async () => {
    const user = await t.registerUser();
    const book = await t.createBook(admin.token, {}, 20);
    const placed: number[] = [];
    for (let i = 0; i < 7; i++) {
      await t.addToCart(user.token, book.id);
      placed.push((await t.checkout(user.token)).body.id);
    }
    const seen: number[] = [];
    let path: string | undefined = "/orders?limit=3";
    let pages = 0;
    while (path) {
      const page = await t.call("GET", path, { token: user.token });
      expect(page.status).toBe(200);
      expect(page.body.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.map((order: { id: number }) => order.id));
      path = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(placed.toReversed());
  });

  test("paging parameters are validated", async () => {
    const user = await t.registerUser();
    for (const query of ["limit=0", "limit=101", "limit=abc", "before=0", "before=-3"]) {
      const reply = await t.call("GET", `/orders?${query}`, { token: user.token });
      expect(reply.status).toBe(422);
      expect(reply.body.code).toBe("VALIDATION_ERROR");
      expect(reply.body.field).toBe(query.split("=")[0]);
    }
    expect((await t.call("GET", "/orders")).status).toBe(401);
  });

  test("a deleted book keeps its order lines, with book_id and book null", async () => {
    const user = await t.registerUser();
    const book = await t.createBook(admin.token, { price: "7.25" }, 2);
    await t.addToCart(user.token, book.id, 2);
    const order = (await t.checkout(user.token)).body;
    expect((await t.call("DELETE", `/books/${book.id}`, { token: admin.token })).status).toBe(204);

    const after = await t.call("GET", `/orders/${order.id}`, { token: user.token });
    expect(after.status).toBe(200);
    expect(after.body.items).toEqual([{ id: order.items[0].id, book_id: null, quantity: 2, unit_price: "7.25", book: null }]);
    expect(after.body.total_price).toBe("14.50");
  });

  test("admins see every user's orders, filter by user_id and page; users get 403", async () => {
    const alice = await t.registerUser();
    const bob = await t.registerUser();
    const book = await t.createBook(admin.token, {}, 10);
    await t.addToCart(alice.token, book.id);
    const alicesOrder = (await t.checkout(alice.token)).body.id;
    await t.addToCart(bob.token, book.id);
    const bobsOrder = (await t.checkout(bob.token)).body.id;

    const all = await t.call("GET", "/admin/orders?limit=100", { token: admin.token });
    expect(all.status).toBe(200);
    const ids = all.body.map((order: { id: number }) => order.id);
    expect(ids).toContain(alicesOrder);
    expect(ids).toContain(bobsOrder);
    expect(ids).toEqual(ids.toSorted((a: number, b: number) => b - a));

    const onlyBob = await t.call("GET", `/admin/orders?user_id=${bob.id}`, { token: admin.token });
    expect(onlyBob.body.map((order: { id: number }) => order.id)).toEqual([bobsOrder]);

    const firstPage = await t.call("GET", "/admin/orders?limit=1", { token: admin.token });
    expect(firstPage.body).toHaveLength(1);
    expect(firstPage.headers.get("link")).toBe(`</admin/orders?limit=1&before=${firstPage.body[0].id}>; rel="next"`);

    const forbidden = await t.call("GET", "/admin/orders", { token: alice.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe("AUTH_FORBIDDEN");
    const anonymous = await t.call("GET", "/admin/orders");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("AUTH_TOKEN_MISSING");
  });
});
