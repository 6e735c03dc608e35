import { afterAll, describe, expect, spyOn, test } from "bun:test";
import { createApp } from "../src/app.ts";
import { prepared } from "../src/db/pool.ts";
import { fingerprint, pruneExpiredKeys } from "../src/modules/orders/idempotency.ts";
import { setupTestApp, TEST_CONFIG } from "./support/app.ts";
import { CountingGateway } from "./support/fixtures.ts";
import { startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const gateway = new CountingGateway();
const t = await setupTestApp({ payment: gateway });
const admin = await t.createAdmin();

const checkoutWithKey = (token: string, key: string, body?: unknown) =>
  t.call("POST", "/orders/checkout", { token, body, headers: { "idempotency-key": key } });
const ordersOf = async (userId: number) =>
  Number((await t.pool.query("SELECT count(*) FROM orders WHERE user_id = $1", [userId])).rows[0].count);

/** A user with `quantity` of a fresh book (stock 10) in the cart. */
async function shopper(quantity = 1) {
  const user = await t.registerUser();
  const book = await t.createBook(admin.token, {}, 10);
  await t.addToCart(user.token, book.id, quantity);
  return { user, book };
}

describe("Idempotency-Key on POST /orders/checkout", () => {
  test("a sequential retry replays the same status and body, marked Idempotent-Replayed", async () => {
    const { user } = await shopper();
    const first = await t.app.handle(new Request("http://localhost/orders/checkout", {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "idempotency-key": "order-1" },
    }));
    const firstBody = await first.text();
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const charges = gateway.charges;
    const retry = await t.app.handle(new Request("http://localhost/orders/checkout", {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "idempotency-key": "order-1" },
    }));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(firstBody);
    expect(gateway.charges).toBe(charges);
    expect(await ordersOf(user.id)).toBe(1);
  });

  test("no body, {} and the explicit default are one request; a different body → 422 IDEMPOTENCY_KEY_REUSED", async () => {
    const { user } = await shopper();
    expect((await checkoutWithKey(user.token, "k-body")).status).toBe(201);
    for (const body of [{}, { force_payment_failure: false }]) {
      const same = await checkoutWithKey(user.token, "k-body", body);
      expect(same.status).toBe(201);
      expect(same.headers.get("idempotent-replayed")).toBe("true");
    }
    const other = await checkoutWithKey(user.token, "k-body", { force_payment_failure: true });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(other.body.field).toBe("Idempotency-Key");
  });

  test("a quoted key is the same key unquoted", async () => {
    const { user } = await shopper();
    const first = await checkoutWithKey(user.token, '"quoted-key"');
    const retry = await checkoutWithKey(user.token, "quoted-key");
    expect(first.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.id).toBe(first.body.id);
  });

  test("a malformed key → 422 VALIDATION_ERROR on Idempotency-Key; nothing is recorded or bought", async () => {
    const { user } = await shopper();
    for (const key of ["", "x".repeat(256), "has space", "caf\u00e9", "tab\there", '""']) {
      const reply = await checkoutWithKey(user.token, key);
      expect(reply.status).toBe(422);
      expect(reply.body.code).toBe("VALIDATION_ERROR");
      expect(reply.body.field).toBe("Idempotency-Key");
    }
    expect(await ordersOf(user.id)).toBe(0);
    expect((await t.pool.query("SELECT count(*) FROM idempotency_keys WHERE user_id = $1", [user.id])).rows[0].count).toBe("0");
    expect((await checkoutWithKey(user.token, "x".repeat(255))).status).toBe(201);
  });

  test("authentication comes first and a 401 is never recorded", async () => {
    const { user } = await shopper();
    const anonymous = await t.call("POST", "/orders/checkout", { headers: { "idempotency-key": "not valid key" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("AUTH_TOKEN_MISSING");
    const forged = await checkoutWithKey("not-a-token", "k-auth");
    expect(forged.status).toBe(401);
    expect((await checkoutWithKey(user.token, "k-auth")).status).toBe(201);
  });

  test("keys are per user: B using A's key gets an independent result", async () => {
    const a = await shopper();
    const b = await shopper(2);
    const fromA = await checkoutWithKey(a.user.token, "shared-key");
    const fromB = await checkoutWithKey(b.user.token, "shared-key");
    expect(fromA.status).toBe(201);
    expect(fromB.status).toBe(201);
    expect(fromB.headers.get("idempotent-replayed")).toBeNull();
    expect(fromB.body.id).not.toBe(fromA.body.id);
    expect(fromB.body.user_id).toBe(b.user.id);
    expect(fromB.body.items[0].quantity).toBe(2);
  });

  test("402, 409 and 422 outcomes are recorded and replayed, without a new charge", async () => {
    const declined = await shopper();
    const first402 = await checkoutWithKey(declined.user.token, "k-402", { force_payment_failure: true });
    expect(first402.status).toBe(402);
    const charges = gateway.charges;
    const replay402 = await checkoutWithKey(declined.user.token, "k-402", { force_payment_failure: true });
    expect(replay402.status).toBe(402);
    expect(replay402.body).toEqual(first402.body);
    expect(replay402.headers.get("idempotent-replayed")).toBe("true");
    expect(gateway.charges).toBe(charges);
    // A new attempt needs a new key.
    expect((await checkoutWithKey(declined.user.token, "k-402-again")).status).toBe(201);

    const short = await shopper(11);
    const first409 = await checkoutWithKey(short.user.token, "k-409");
    expect(first409.body.code).toBe("ORDER_INSUFFICIENT_STOCK");
    await t.call("PATCH", `/books/${short.book.id}/stock`, { token: admin.token, body: { quantity: 50 } });
    const replay409 = await checkoutWithKey(short.user.token, "k-409");
    expect(replay409.status).toBe(409);
    expect(replay409.body).toEqual(first409.body);
    expect(await ordersOf(short.user.id)).toBe(0);

    const empty = await t.registerUser();
    expect((await checkoutWithKey(empty.token, "k-422")).body.code).toBe("ORDER_CART_EMPTY");
    const book = await t.createBook(admin.token, {}, 1);
    await t.addToCart(empty.token, book.id);
    const replay422 = await checkoutWithKey(empty.token, "k-422");
    expect(replay422.status).toBe(422);
    expect(replay422.body.code).toBe("ORDER_CART_EMPTY");
    expect(replay422.headers.get("idempotent-replayed")).toBe("true");
  });

  test("after a 503 or a 500 the key is released and a retry runs again", async () => {
    const { user } = await shopper();
    const errorLog = spyOn(console, "error").mockImplementation(() => {});
    gateway.failNext = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const unavailable = await checkoutWithKey(user.token, "k-503");
    gateway.failNext = new Error("boom");
    const failed = await checkoutWithKey(user.token, "k-503");
    errorLog.mockRestore();
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.code).toBe("DB_UNAVAILABLE");
    expect(failed.status).toBe(500);
    const retry = await checkoutWithKey(user.token, "k-503");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await ordersOf(user.id)).toBe(1);
  });

  test("a live claim answers 409 IDEMPOTENCY_KEY_IN_USE with Retry-After; an abandoned one is taken over", async () => {
    const { user } = await shopper();
    const claim = (key: string, lease: string) =>
      t.pool.query(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint, claim_id, locked_until)
         VALUES ($1, $2, $3, gen_random_uuid(), now() + $4::interval)`,
        [user.id, key, fingerprint({ method: "POST", path: "/orders/checkout", body: { force_payment_failure: false } }), lease],
      );
    await claim("k-live", "30 seconds");
    const busy = await checkoutWithKey(user.token, "k-live");
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe("IDEMPOTENCY_KEY_IN_USE");
    expect(busy.headers.get("retry-after")).toBe("1");

    // A process that died mid-checkout of this same request left its claim; its lease has run out.
    await claim("k-dead", "-1 second");
    const takenOver = await checkoutWithKey(user.token, "k-dead");
    expect(takenOver.status).toBe(201);
    expect(await ordersOf(user.id)).toBe(1);
    expect((await checkoutWithKey(user.token, "k-dead")).body.id).toBe(takenOver.body.id);
  });

  test("a checkout whose claim was taken over mid-flight rolls back: no second order, stock untouched", async () => {
    const { user, book } = await shopper();
    gateway.delayMs = 300;
    try {
      const pending = checkoutWithKey(user.token, "k-lost");
      await Bun.sleep(100); // the checkout is now waiting on the payment
      await t.pool.query("UPDATE idempotency_keys SET claim_id = gen_random_uuid() WHERE user_id = $1 AND key = 'k-lost'", [user.id]);
      const reply = await pending;
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe("IDEMPOTENCY_KEY_IN_USE");
    } finally {
      gateway.delayMs = 0;
    }
    expect(await ordersOf(user.id)).toBe(0);
    expect((await t.call("GET", `/books/${book.id}`)).body.stock_quantity).toBe(10);
    expect((await t.call("GET", "/cart", { token: user.token })).body.items).toHaveLength(1);
  });

  test("keys older than 24 hours are pruned, and an expired key runs as new", async () => {
    const { user, book } = await shopper();
    const first = await checkoutWithKey(user.token, "k-old");
    await t.pool.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1", [user.id]);
    await t.addToCart(user.token, book.id);
    const again = await checkoutWithKey(user.token, "k-old");
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);

    await t.pool.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1", [user.id]);
    expect(await pruneExpiredKeys(prepared(t.pool))).toBeGreaterThanOrEqual(1);
    expect((await t.pool.query("SELECT count(*) FROM idempotency_keys WHERE user_id = $1", [user.id])).rows[0].count).toBe("0");
  });
});

describe("across processes", () => {
  const servers: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  test("the same key sent 20× at once through two server processes → exactly one order", async () => {
    // This process serves on a socket; a second `bun src/server.ts` shares the database.
    const local = createApp({ pool: t.pool, config: TEST_CONFIG, payment: gateway }).listen({ port: 0, hostname: "127.0.0.1" });
    servers.push({ stop: async () => void (await local.stop()) });
    const second = await startServerProcess({ env: { DATABASE_URL: t.databaseUrl, JWT_SECRET: TEST_CONFIG.jwtSecret } });
    servers.push({ stop: async () => void (await second.stop()) });

    const { user, book } = await shopper(2);
    gateway.delayMs = 50; // keep the first claim busy while the others arrive
    const bases = [`http://127.0.0.1:${local.server!.port}`, second.base];
    const replies = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await fetch(`${bases[i % 2]}/orders/checkout`, {
          method: "POST",
          headers: { authorization: `Bearer ${user.token}`, "idempotency-key": "race-key", "content-type": "application/json" },
          body: "{}",
        });
        return {
          status: response.status,
          replayed: response.headers.get("idempotent-replayed"),
          body: (await response.json()) as { id?: number; code?: string },
        };
      }),
    ).finally(() => {
      gateway.delayMs = 0;
    });

    const created = replies.filter((reply) => reply.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((reply) => reply.body.id)).size).toBe(1);
    expect(created.filter((reply) => reply.replayed !== "true")).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe("IDEMPOTENCY_KEY_IN_USE");
    }
    expect(await ordersOf(user.id)).toBe(1);
    expect((await t.call("GET", `/books/${book.id}`)).body.stock_quantity).toBe(8);
  });
});

