import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "../src/app.ts";
import { resolveConnection } from "../src/db/connection.ts";
import { createScratchDir, findFreePort, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { createPool } from "../src/db/pool.ts";
import { captureLogs, createApi, setupTestApp, TEST_CONFIG } from "./support/app.ts";
import { eventually, startReceiver, startSmtpSink, startTestDispatcher } from "./support/events.ts";
import { insertUsers } from "./support/fixtures.ts";
import { type ServerProcess, startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

// The API runs as real processes on this file's database; this process only drives it.
const t = await setupTestApp();
const admin = await t.createAdmin();
// One book per concurrent buyer: ten checkouts queued on one book's row lock can outlast the
// 1 s lock_timeout on a loaded machine (a 503 that is not what these tests are about).
const PARALLEL = 10;
const books = await Promise.all(Array.from({ length: PARALLEL }, () => t.createBook(admin.token, {}, 1_000_000)));
const smtp = await startSmtpSink();
const servers: ServerProcess[] = [];
afterAll(() => Promise.all(servers.map((server) => server.stop())));

async function startServer() {
  const server = await startServerProcess({
    env: {
      DATABASE_URL: t.databaseUrl,
      JWT_SECRET: TEST_CONFIG.jwtSecret,
      SMTP_URL: smtp.url,
      WEBHOOK_TIMEOUT_SECONDS: "0.5",
      WEBHOOK_RETRY_BASE_SECONDS: "0.05",
      WEBHOOK_MAX_ATTEMPTS: "50",
      EVENTS_POLL_INTERVAL_SECONDS: "0.2",
    },
  });
  servers.push(server);
  return server;
}

/** kill -9: no drain, no shutdown hook, whatever it was doing left as it was. */
async function kill9(server: ServerProcess) {
  servers.splice(servers.indexOf(server), 1);
  server.child.kill("SIGKILL");
  await server.exited;
}

async function subscribe(url: string) {
  const reply = await t.call("POST", "/admin/webhooks", { token: admin.token, body: { url, events: ["order.placed"] } });
  expect(reply.status).toBe(201);
  return reply.body.id as number;
}

/** `count` orders placed at once by as many buyers (10 requests in flight). */
async function placeOrders(count: number): Promise<number[]> {
  const users = await insertUsers(t.pool, count);
  const ids: number[] = [];
  for (let i = 0; i < users.length; i += PARALLEL) {
    await Promise.all(users.slice(i, i + PARALLEL).map(async (user, j) => {
      expect((await t.addToCart(user.token, books[j]!.id)).status).toBe(201);
      const reply = await t.checkout(user.token);
      expect(reply.status).toBe(201);
      ids.push(reply.body.id);
    }));
  }
  return ids;
}

const deliveryOf = async (endpointId: number) =>
  (await t.pool.query<{ status: string; attempts: number; event_id: string }>(
    "SELECT status, attempts, event_id FROM deliveries WHERE endpoint_id = $1", [endpointId])).rows[0];

test("kill -9 before the receiver could be reached, restart: delivered exactly once", async () => {
  const port = await findFreePort(); // nothing listens there yet: every attempt is refused
  const endpoint = await subscribe(`http://127.0.0.1:${port}/crash`);
  const first = await startServer();
  await placeOrders(1);
  await eventually(async () => (await deliveryOf(endpoint))!.attempts >= 1, 5_000, "a refused attempt");
  await kill9(first);
  expect((await deliveryOf(endpoint))!.status).toBe("pending");

  const receiver = startReceiver(port);
  await startServer(); // it stays up for the next test
  await eventually(async () => (await deliveryOf(endpoint))!.status === "delivered", 5_000, "delivered");
  await Bun.sleep(300); // a duplicate would arrive by now
  expect(receiver.attempts).toHaveLength(1);
  expect(receiver.attempts[0]!.headers["webhook-id"]).toBe((await deliveryOf(endpoint))!.event_id);
  // The server's /metrics counts its dispatcher's attempts (the email went out before the kill).
  const metrics = await (await fetch(`${servers[0]!.base}/metrics`)).text();
  expect(metrics).toContain('event_deliveries_total{channel="webhook",status="delivered"} 1');
});

test("kill -9 during an attempt: the lease runs out and the restarted server delivers it", async () => {
  const receiver = startReceiver();
  receiver.answer("/lease", async () => {
    if (receiver.to("/lease").length === 1) await Bun.sleep(2_000); // the first attempt hangs until its process is killed
    return new Response(null, { status: 200 });
  });
  const endpoint = await subscribe(receiver.url("/lease"));
  expect(servers).toHaveLength(1); // the one server up, from the test before
  await placeOrders(1);
  // Killed within the attempt's 0.5 s timeout, while it is in flight.
  await eventually(() => receiver.to("/lease").length === 1, 5_000, "the first attempt");
  await kill9(servers[0]!);
  await startServer(); // it stays up for the next test
  // Not before the lease (2 × 0.5 s + 1 s) ran out: no attempt while the killed one might still be in flight.
  await eventually(async () => (await deliveryOf(endpoint))!.status === "delivered", 6_000, "delivered");
  const [killed, resumed] = receiver.to("/lease");
  expect(resumed!.startedAt - killed!.startedAt).toBeGreaterThanOrEqual(1_900);
  expect(resumed!.headers["webhook-id"]).toBe(killed!.headers["webhook-id"]!);
  expect((await deliveryOf(endpoint))!.attempts).toBe(2);
});

test("two server processes, 100 events, a flaky receiver: every delivery made, no attempt made twice at once", async () => {
  const receiver = startReceiver();
  const inFlight = new Map<string, number>();
  const overlaps: string[] = [];
  const delivered = new Set<string>();
  receiver.answer("/many", async (attempt) => {
    const id = attempt.headers["webhook-id"]!;
    if (inFlight.get(id)) overlaps.push(id);
    inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
    await Bun.sleep(5 + Math.random() * 25);
    inFlight.set(id, inFlight.get(id)! - 1);
    const ok = Math.random() >= 0.25;
    if (ok) delivered.add(id);
    return new Response(null, { status: ok ? 200 : 500 });
  });
  const endpoint = await subscribe(receiver.url("/many"));
  const a = servers[0]!; // up since the test before
  const b = await startServer();
  const orders = await placeOrders(100);
  expect(orders).toHaveLength(100);

  await eventually(async () => {
    const { rows } = await t.pool.query("SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status = 'delivered'", [endpoint]);
    return rows[0].n === 100;
  }, 20_000, "100 deliveries");
  expect(delivered.size).toBe(100);
  expect(overlaps).toEqual([]);
  // Every attempt the database counts reached the receiver, and no other.
  const { rows } = await t.pool.query<{ event_id: string; attempts: number }>("SELECT event_id, attempts FROM deliveries WHERE endpoint_id = $1", [endpoint]);
  const received = Map.groupBy(receiver.to("/many"), (attempt) => attempt.headers["webhook-id"]!);
  for (const row of rows) expect([row.event_id, received.get(row.event_id)?.length]).toEqual([row.event_id, row.attempts]);
  // Both processes did part of the work (each logged some of the receiver's 500s).
  for (const server of [a, b]) expect(server.output()).toContain("delivery attempt failed");
  // And an email per order: once, unless an attempt failed after the sink had taken the message
  // (a timeout while it parsed, on a loaded machine) — never more often than attempted.
  const events = await t.pool.query<{ id: string }>("SELECT id FROM events WHERE order_id = ANY($1::int[])", [orders]);
  const mailsOf = (event: string) => smtp.mails.filter((mail) => mail.messageId === `<${event}@bookstore.localhost>`).length;
  await eventually(() => events.rows.every((event) => mailsOf(event.id) > 0), 5_000, "100 emails");
  const { rows: emails } = await t.pool.query<{ event_id: string; attempts: number }>(
    "SELECT event_id, attempts FROM deliveries WHERE channel = 'email' AND event_id = ANY($1::text[])",
    [events.rows.map((event) => event.id)],
  );
  expect(emails).toHaveLength(100);
  for (const email of emails) expect(mailsOf(email.event_id)).toBeLessThanOrEqual(email.attempts);
  expect(emails.filter((email) => email.attempts === 1 && mailsOf(email.event_id) !== 1)).toEqual([]);
  // SIGTERM: the HTTP drain, then the dispatcher, then the pool; a clean exit within seconds.
  const began = performance.now();
  expect(await b.stop()).toBe(0);
  expect(performance.now() - began).toBeLessThan(5_000);
  expect(b.output()).toContain("stopped");
}, 60_000);

test("PostgreSQL restarted under the dispatcher: it reconnects its LISTEN and carries on, no process restart", async () => {
  const scratch = createScratchDir("bookstore-events-restart-");
  const dataDir = join(scratch, "pg");
  const port = await findFreePort();
  let database = await startEmbeddedPostgres({ dataDir, persistent: true, port });
  const connection = await resolveConnection(database.url);
  await migrate(connection);
  const pool = createPool(connection, 4);
  const logs = captureLogs();
  const app = createApp({ pool, config: TEST_CONFIG });
  const api = createApi((request) => app.handle(request), pool);
  const receiver = startReceiver();
  // Polling every 60 s: a delivery within a second can only come from a notification.
  const dispatcher = startTestDispatcher({ pool, listen: connection, settings: { pollIntervalSeconds: 60 }, logger: logs.logger });
  try {
    const adminUser = await api.createAdmin();
    const stocked = await api.createBook(adminUser.token, {}, 100);
    await api.call("POST", "/admin/webhooks", { token: adminUser.token, body: { url: receiver.url("/restart"), events: ["order.placed"] } });
    const [buyer] = await insertUsers(pool, 1);
    const buy = async () => {
      await api.addToCart(buyer!.token, stocked.id);
      // The pool's connections died with the server: the first requests after it may get 503.
      await eventually(async () => (await api.checkout(buyer!.token)).status === 201, 10_000, "a checkout");
    };
    await buy();
    await eventually(() => receiver.to("/restart").length === 1, 2_000, "the first event");

    await database.stop();
    await eventually(() => logs.entries().some((entry) => entry.msg === "event listener connection lost: reconnecting"), 3_000, "the lost connection");
    await Bun.sleep(500);
    database = await startEmbeddedPostgres({ dataDir, persistent: true, port });
    await eventually(() => logs.entries().some((entry) => entry.msg === "event listener reconnected"), 10_000, "the listener back");

    const began = performance.now();
    await buy();
    await eventually(() => receiver.to("/restart").length === 2, 2_000, "the event after the restart");
    expect(performance.now() - began).toBeLessThan(2_000);
  } finally {
    await dispatcher.stop();
    await pool.end();
    await database.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});
