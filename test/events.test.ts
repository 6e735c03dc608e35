import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { createMetrics } from "../src/core/observability.ts";
import { mailSender } from "../src/modules/events/mail.ts";
import { type Attempt, refusedAddress, webhookSender } from "../src/modules/events/senders.ts";
import { captureLogs, type Reply, setupTestApp } from "./support/app.ts";
import { eventually, type ReceivedAttempt, startReceiver, startSmtpSink, startTestDispatcher } from "./support/events.ts";
import { insertUsers } from "./support/fixtures.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const t = await setupTestApp();
const admin = await t.createAdmin();
const receiver = startReceiver();
const smtp = await startSmtpSink();
const metrics = createMetrics(t.pool);
const dispatcher = startTestDispatcher({ pool: t.pool, listen: t.connection, settings: { smtpUrl: smtp.url }, logger: t.logs.logger, metrics });

function expectError(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
}

const asAdmin = (method: string, path: string, body?: unknown) => t.call(method, path, { token: admin.token, body });

let pathCounter = 0;
/** A new endpoint on the receiver at a path of its own. */
async function subscribe(events: string[] = ["order.placed"], path = `/hook-${++pathCounter}`) {
  const reply = await asAdmin("POST", "/admin/webhooks", { url: receiver.url(path), events, description: `test ${path}` });
  expect(reply.status).toBe(201);
  return { ...(reply.body as { id: number; secret: string; url: string }), path };
}

const book = await t.createBook(admin.token, { title: "Dune <&> Co", price: "12.50" }, 1_000_000);

async function placeOrder(quantity = 2) {
  const [user] = await insertUsers(t.pool, 1);
  expect((await t.addToCart(user!.token, book.id, quantity)).status).toBe(201);
  const reply = await t.checkout(user!.token);
  expect(reply.status).toBe(201);
  return { user: user!, order: reply.body as { id: number; user_id: number; total_price: string } };
}

const eventOf = async (orderId: number, type: string) =>
  (await t.pool.query<{ id: string }>("SELECT id FROM events WHERE order_id = $1 AND type = $2", [orderId, type])).rows[0]?.id;

const deliveriesOf = async (endpointId: number) => (await asAdmin("GET", `/admin/webhooks/${endpointId}/deliveries`)).body as {
  id: number;
  event_id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}[];

const counts = async () =>
  (await t.pool.query<{ events: number; deliveries: number }>(
    "SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM deliveries) AS deliveries",
  )).rows[0]!;

/** A claimed delivery, as the senders get it from the dispatcher. */
const ATTEMPT: Attempt = {
  id: 1,
  channel: "webhook",
  attempts: 1,
  attempt_in_round: 1,
  recipient: null,
  event_id: "evt_x",
  event_type: "order.placed",
  payload: "{}",
  url: null,
  secret: null,
};

const verify = (secret: string, attempt: ReceivedAttempt) => new Webhook(secret).verify(attempt.body, attempt.headers) as any;

describe("events are recorded with the change, and only then", () => {
  test("a checkout: one order.placed delivery per subscribed endpoint, signed per Standard Webhooks, and one email", async () => {
    const [a, b] = [await subscribe(), await subscribe(["order.placed", "order.shipped"])];
    const other = await subscribe(["order.shipped"]);
    const { user, order } = await placeOrder(2);
    const eventId = await eventOf(order.id, "order.placed");
    expect(eventId).toMatch(/^evt_[0-9a-f]{32}$/);

    for (const endpoint of [a, b]) {
      const [attempt] = await eventually(() => receiver.to(endpoint.path).length && receiver.to(endpoint.path), 3_000, "the webhook");
      // The reference library checks the signature, and the timestamp against now.
      const event = verify(endpoint.secret, attempt!);
      expect(attempt!.headers["webhook-id"]).toBe(eventId!);
      expect(attempt!.headers["content-type"]).toBe("application/json");
      expect(event).toEqual({ id: eventId, type: "order.placed", created_at: expect.any(String), data: { order: expect.objectContaining({ id: order.id, status: "confirmed" }) } });
      expect(event.data.order).toEqual(order);
      expect(() => new Webhook(other.secret).verify(attempt!.body, attempt!.headers)).toThrow();
    }
    const mail = await eventually(() => smtp.mails.find((m) => m.messageId === `<${eventId}@bookstore.test>`), 3_000, "the email");
    expect(mail.subject).toBe(`Order #${order.id} confirmed`);
    expect((mail.to as { text: string }).text).toContain(`@example.com`);
    expect(mail.from!.text).toBe('"Bookstore Test" <orders@bookstore.test>');
    expect(mail.text).toContain("2 × Dune <&> Co at 12.50 = 25.00");
    expect(mail.text).toContain("Total: 25.00");
    expect(mail.html).toContain("Dune &lt;&amp;&gt; Co");
    expect(mail.html).toContain("25.00");
    const recipient = (await t.pool.query("SELECT email FROM users WHERE id = $1", [user.id])).rows[0].email;
    expect((mail.to as { value: { address: string }[] }).value[0]!.address).toBe(recipient);

    // Exactly one delivery each, delivered after one attempt; none to the order.shipped-only endpoint.
    await eventually(async () => (await deliveriesOf(a.id))[0]?.status === "delivered", 3_000);
    for (const endpoint of [a, b]) {
      const deliveries = await deliveriesOf(endpoint.id);
      expect(deliveries).toEqual([expect.objectContaining({ event_id: eventId, status: "delivered", attempts: 1, last_status_code: 204, next_attempt_at: null })]);
      expect(receiver.to(endpoint.path)).toHaveLength(1);
    }
    expect(await deliveriesOf(other.id)).toEqual([]);
    expect(receiver.to(other.path)).toHaveLength(0);
    const emails = await t.pool.query("SELECT status, attempts FROM deliveries WHERE event_id = $1 AND channel = 'email'", [eventId]);
    expect(await eventually(async () => (await t.pool.query("SELECT status FROM deliveries WHERE event_id = $1 AND channel = 'email'", [eventId])).rows[0]?.status === "delivered")).toBe(true);
    expect(emails.rows).toHaveLength(1);
  });

  test("a declined payment, an empty cart and a 409 record nothing and send nothing", async () => {
    const endpoint = await subscribe(["order.placed", "order.cancelled", "order.shipped", "order.delivered"]);
    const before = await counts();
    const mailsBefore = smtp.mails.length;
    const [user] = await insertUsers(t.pool, 1);
    expectError(await t.checkout(user!.token), 422, "ORDER_CART_EMPTY");
    await t.addToCart(user!.token, book.id, 1);
    expectError(await t.checkout(user!.token, { force_payment_failure: true }), 402, "ORDER_PAYMENT_FAILED");
    const scarce = await t.createBook(admin.token, {}, 1);
    await t.addToCart(user!.token, scarce.id, 2);
    expectError(await t.checkout(user!.token), 409, "ORDER_INSUFFICIENT_STOCK");
    // A refused arrow (deliver before shipping) and a declined refund record nothing either.
    const { order, user: buyer } = await placeOrder(1);
    const placed = await counts();
    expectError(await asAdmin("POST", `/admin/orders/${order.id}/deliver`), 409, "ORDER_INVALID_TRANSITION");
    const refused = await t.call("POST", `/orders/${order.id}/cancel`, { token: buyer.token, body: { force_refund_failure: true } });
    expectError(refused, 502, "PAYMENT_REFUND_FAILED");
    expect(placed.events).toBe(before.events + 1);
    expect(await counts()).toEqual(placed);
    await eventually(() => receiver.to(endpoint.path).length === 1, 3_000);
    await Bun.sleep(300); // what a wrongly recorded event would need to arrive
    expect(receiver.to(endpoint.path).map((a) => JSON.parse(a.body).data.order.id)).toEqual([order.id]);
    expect(smtp.mails.length).toBe(mailsBefore + 1);
  });

  test("every lifecycle change is an event with the order after it; shipped and cancelled are mailed, delivered is not", async () => {
    const endpoint = await subscribe(["order.cancelled", "order.shipped", "order.delivered"]);
    const shipped = await placeOrder(1);
    const cancelled = await placeOrder(3);
    expect((await asAdmin("POST", `/admin/orders/${shipped.order.id}/ship`, { carrier: "DHL", tracking_number: "TRACK-42" })).status).toBe(200);
    const delivered = await asAdmin("POST", `/admin/orders/${shipped.order.id}/deliver`);
    expect(delivered.status).toBe(200);
    const cancel = await t.call("POST", `/orders/${cancelled.order.id}/cancel`, { token: cancelled.user.token, body: { reason: "changed my mind" } });
    expect(cancel.status).toBe(200);

    const received = await eventually(() => receiver.to(endpoint.path).length === 3 && receiver.to(endpoint.path), 3_000, "three events");
    const events = received.map((attempt) => verify(endpoint.secret, attempt));
    const byType = Object.fromEntries(events.map((event) => [event.type, event]));
    expect(Object.keys(byType).sort()).toEqual(["order.cancelled", "order.delivered", "order.shipped"]);
    expect(byType["order.shipped"].data.order).toMatchObject({ id: shipped.order.id, status: "shipped", shipment: { carrier: "DHL", tracking_number: "TRACK-42" } });
    expect(byType["order.delivered"].data.order).toEqual(delivered.body);
    expect(byType["order.cancelled"].data.order).toEqual(cancel.body);

    const mailOf = (type: string, orderId: number) => async () =>
      smtp.mails.find((m) => m.messageId === `<${byType[type]?.id}@bookstore.test>` && m.subject?.includes(`#${orderId}`));
    const shippedMail = await eventually(mailOf("order.shipped", shipped.order.id), 3_000, "shipped email");
    expect(shippedMail.subject).toBe(`Order #${shipped.order.id} shipped`);
    expect(shippedMail.text).toContain("Tracking number: TRACK-42");
    const cancelledMail = await eventually(mailOf("order.cancelled", cancelled.order.id), 3_000, "cancelled email");
    expect(cancelledMail.text).toContain("refunded in full");
    expect(cancelledMail.text).toContain("3 × Dune <&> Co at 12.50 = 37.50");
    const mailed = await t.pool.query("SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1 AND channel = 'email'", [byType["order.delivered"].id]);
    expect(mailed.rows[0].n).toBe(0);
  });
});

describe("delivery, retries and failure", () => {
  test("500, 500, 200 → three attempts with the same webhook-id, each freshly signed; delivered", async () => {
    const endpoint = await subscribe();
    const answers = [500, 500, 200];
    receiver.answer(endpoint.path, () => new Response("x", { status: answers.shift() ?? 200 }));
    const { order } = await placeOrder();
    const attempts = await eventually(() => receiver.to(endpoint.path).length === 3 && receiver.to(endpoint.path), 5_000, "three attempts");
    const eventId = await eventOf(order.id, "order.placed");
    expect(attempts.map((a) => a.headers["webhook-id"])).toEqual([eventId!, eventId!, eventId!]);
    // Each attempt is signed with its own timestamp; the reference library accepts every one.
    for (const attempt of attempts) expect(verify(endpoint.secret, attempt).id).toBe(eventId!);
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const [delivery] = await eventually(async () => (await deliveriesOf(endpoint.id))[0]?.status === "delivered" && (await deliveriesOf(endpoint.id)));
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, last_status_code: 200, last_error: null, delivered_at: expect.any(String) });
    // The log names each failed attempt.
    const failed = t.logs.entries().filter((entry) => entry.msg === "delivery attempt failed" && entry.event_id === eventId);
    expect(failed.map((entry) => [entry.level, entry.status_code, entry.error])).toEqual([["warn", 500, "HTTP 500"], ["warn", 500, "HTTP 500"]]);
    expect(metrics.registry.getSingleMetricAsString("event_deliveries_total")).resolves.toMatch(/event_deliveries_total\{channel="webhook",status="retrying"\} [1-9]/);
  });

  test("always failing → failed after WEBHOOK_MAX_ATTEMPTS; a retry makes it pending again, with a fresh budget", async () => {
    const endpoint = await subscribe();
    let healthy = false;
    receiver.answer(endpoint.path, () => new Response(null, { status: healthy ? 200 : 503 }));
    const { order } = await placeOrder();
    const eventId = await eventOf(order.id, "order.placed");
    const [failed] = await eventually(async () => (await deliveriesOf(endpoint.id))[0]?.status === "failed" && (await deliveriesOf(endpoint.id)), 5_000, "failed");
    expect(failed).toMatchObject({ status: "failed", attempts: 3, last_status_code: 503, last_error: "HTTP 503", next_attempt_at: null, delivered_at: null });
    await Bun.sleep(300);
    expect(receiver.to(endpoint.path)).toHaveLength(3);
    expect(t.logs.entries().find((entry) => entry.msg.startsWith("delivery failed for good") && entry.event_id === eventId)).toMatchObject({ level: "error", status_code: 503 });
    expect(await metrics.registry.getSingleMetricAsString("event_deliveries_total")).toMatch(/event_deliveries_total\{channel="webhook",status="failed"\} [1-9]/);

    healthy = true;
    const retried = await asAdmin("POST", `/admin/webhooks/${endpoint.id}/deliveries/${failed!.id}/retry`);
    expect(retried.status).toBe(202);
    const [pending] = await deliveriesOf(endpoint.id);
    expect(["pending", "delivered"]).toContain(pending!.status);
    const [delivered] = await eventually(async () => (await deliveriesOf(endpoint.id))[0]?.status === "delivered" && (await deliveriesOf(endpoint.id)), 3_000);
    expect(delivered).toMatchObject({ attempts: 4, last_status_code: 200 });
    expect(receiver.to(endpoint.path).map((a) => a.headers["webhook-id"])).toEqual(Array(4).fill(eventId!));
    // Only a failed delivery can be retried.
    expectError(await asAdmin("POST", `/admin/webhooks/${endpoint.id}/deliveries/${failed!.id}/retry`), 409, "WEBHOOK_DELIVERY_NOT_FAILED");
  });

  test("a receiver that hangs is cut at WEBHOOK_TIMEOUT_SECONDS and retried", async () => {
    const endpoint = await subscribe();
    let calls = 0;
    receiver.answer(endpoint.path, async () => {
      if (++calls === 1) await Bun.sleep(1_500); // far past the 0.5 s timeout
      return new Response(null, { status: 200 });
    });
    const began = performance.now();
    await placeOrder();
    const [delivery] = await eventually(async () => (await deliveriesOf(endpoint.id))[0]?.status === "delivered" && (await deliveriesOf(endpoint.id)), 3_000);
    expect(delivery).toMatchObject({ attempts: 2, last_status_code: 200 });
    const [first, second] = receiver.to(endpoint.path);
    // The second attempt started after the first was cut at 0.5 s (plus a 0.05–0.15 s backoff), long before it would have answered.
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(500);
    expect(second!.startedAt - first!.startedAt).toBeLessThan(2_000);
    expect(performance.now() - began).toBeLessThan(2_500);
    expect(t.logs.entries().some((entry) => entry.error === "no answer within 0.5 s")).toBe(true);
  });

  test("a redirect is a failed attempt and is not followed", async () => {
    const endpoint = await subscribe();
    const target = `/redirected-${endpoint.id}`;
    receiver.answer(endpoint.path, () => new Response(null, { status: 302, headers: { location: receiver.url(target) } }));
    await placeOrder();
    const [delivery] = await eventually(async () => (await deliveriesOf(endpoint.id))[0]?.status === "failed" && (await deliveriesOf(endpoint.id)), 5_000);
    expect(delivery).toMatchObject({ attempts: 3, last_status_code: 302, last_error: "HTTP 302 (redirect, not followed)" });
    expect(receiver.to(target)).toHaveLength(0);
  });

  test("a refused connection is a failed attempt; deleting the endpoint drops its pending deliveries", async () => {
    const closed = startReceiver();
    closed.server.stop(true);
    const reply = await asAdmin("POST", "/admin/webhooks", { url: closed.url("/gone"), events: ["order.placed"] });
    const endpoint = reply.body as { id: number };
    await placeOrder();
    const [delivery] = await eventually(async () => (await deliveriesOf(endpoint.id))[0]?.last_error && (await deliveriesOf(endpoint.id)), 3_000);
    expect(delivery!.last_status_code).toBeNull();
    expect(delivery!.last_error).toBeTruthy();
    expect((await asAdmin("DELETE", `/admin/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await t.pool.query("SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1", [endpoint.id])).rows[0].n).toBe(0);
    expectError(await asAdmin("GET", `/admin/webhooks/${endpoint.id}/deliveries`), 404, "WEBHOOK_NOT_FOUND");
    expectError(await asAdmin("DELETE", `/admin/webhooks/${endpoint.id}`), 404, "WEBHOOK_NOT_FOUND");
  });

  test("in production a URL on a loopback, private or link-local address is refused at delivery time", async () => {
    for (const host of ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.5", "169.254.169.254", "[::1]", "[fd00::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "localhost"]) {
      expect(await refusedAddress(host)).toMatch(/^refused: /);
    }
    for (const host of ["93.184.216.34", "8.8.8.8", "[2606:4700:4700::1111]"]) expect(await refusedAddress(host)).toBeUndefined();
    const endpoint = `/private-${++pathCounter}`;
    const sender = webhookSender({ timeoutSeconds: 0.5, allowPrivate: false });
    const attempt = { ...ATTEMPT, url: receiver.url(endpoint), secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" };
    const outcome = await sender.send(attempt, new AbortController().signal);
    expect(outcome).toEqual({ delivered: false, statusCode: null, error: "refused: 127.0.0.1 is a loopback address (WEBHOOK_ALLOW_PRIVATE=true allows it)" });
    expect(receiver.to(endpoint)).toHaveLength(0);
    // With WEBHOOK_ALLOW_PRIVATE=true (the default outside production) it is sent.
    expect((await webhookSender({ timeoutSeconds: 0.5, allowPrivate: true }).send(attempt, new AbortController().signal)).delivered).toBe(true);
  });
});

describe("the mail sender", () => {
  async function placedEmail() {
    const { order } = await placeOrder(1);
    const eventId = (await eventOf(order.id, "order.placed"))!;
    const { rows } = await t.pool.query("SELECT payload::text AS payload FROM events WHERE id = $1", [eventId]);
    return { ...ATTEMPT, channel: "email" as const, event_id: eventId, recipient: "buyer@example.com", payload: rows[0].payload as string };
  }

  test("without SMTP_URL each email is an .eml file under <data dir>/mail, and a log line names it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bookstore-mail-"));
    const logs = captureLogs();
    const sender = mailSender({ smtpUrl: undefined, from: "Shop <orders@shop.test>", mailDir: join(dir, "mail"), timeoutSeconds: 1, logger: logs.logger });
    const attempt = await placedEmail();
    expect(await sender.send(attempt, new AbortController().signal)).toEqual({ delivered: true, statusCode: null, error: null });
    const file = join(dir, "mail", `${attempt.event_id}.eml`);
    const mail = await simpleParser(readFileSync(file));
    expect(mail.messageId).toBe(`<${attempt.event_id}@shop.test>`);
    expect(mail.subject).toMatch(/^Order #\d+ confirmed$/);
    expect(mail.text).toContain("1 × Dune <&> Co at 12.50 = 12.50");
    expect(mail.html).toContain(`<td colspan="3">Total</td><td>12.50</td>`);
    expect(logs.entries()).toContainEqual(expect.objectContaining({ msg: "email written (SMTP_URL unset)", event_id: attempt.event_id, file, to: "buyer@example.com" }));
  });

  test("an SMTP server refusing the message is a failed attempt with its reply code", async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      disableReverseLookup: true,
      logger: false,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 451 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const port = (refusing.server.address() as { port: number }).port;
    const sender = mailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "orders@shop.test", mailDir: "/nonexistent", timeoutSeconds: 1, logger: t.logs.logger });
    try {
      const outcome = await sender.send(await placedEmail(), new AbortController().signal);
      expect(outcome).toMatchObject({ delivered: false, statusCode: 451, error: expect.stringContaining("mailbox busy") });
    } finally {
      sender.close?.();
      await new Promise<void>((resolve) => refusing.close(resolve));
    }
  });
});

describe("admin routes", () => {
  test("create answers the secret once; the list has no secrets; the OpenAPI document has every route", async () => {
    const created = await asAdmin("POST", "/admin/webhooks", { url: "https://example.com/hooks?a=1", events: ["order.shipped", "order.placed"] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      url: "https://example.com/hooks?a=1",
      events: ["order.shipped", "order.placed"],
      description: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
      created_at: expect.any(String),
    });
    const list = await asAdmin("GET", "/admin/webhooks");
    expect(list.status).toBe(200);
    const listed = list.body.find((w: { id: number }) => w.id === created.body.id);
    expect(listed).toEqual({ ...created.body, secret: undefined });
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
    expect((await asAdmin("DELETE", `/admin/webhooks/${created.body.id}`)).status).toBe(204);

    const { paths } = (await t.call("GET", "/openapi/json")).body;
    expect(Object.keys(paths["/admin/webhooks"]).sort()).toEqual(["get", "post"]);
    expect(paths["/admin/webhooks"].post.requestBody.content["application/json"].schema.required).toEqual(["url", "events"]);
    expect(Object.keys(paths["/admin/webhooks"].post.responses)).toEqual(expect.arrayContaining(["201", "401", "403", "422"]));
    expect(paths["/admin/webhooks/{id}"].delete.responses["404"]).toBeDefined();
    expect(paths["/admin/webhooks/{id}/deliveries"].get.responses["200"].content["application/json"].schema.items.required).toContain("event_id");
    expect(paths["/admin/webhooks/{id}/deliveries/{delivery_id}/retry"].post.responses["409"]).toBeDefined();
  });

  test("422 for a bad url, events list or description", async () => {
    const bodies = [
      { url: "ftp://example.com/x", events: ["order.placed"] },
      { url: "not a url", events: ["order.placed"] },
      { url: `https://example.com/${"a".repeat(2048)}`, events: ["order.placed"] },
      { url: "https://example.com/x", events: [] },
      { url: "https://example.com/x", events: ["order.exploded"] },
      { url: "https://example.com/x", events: ["order.placed", "order.placed"] },
      { url: "https://example.com/x" },
      { url: "https://example.com/x", events: ["order.placed"], description: "d".repeat(501) },
    ];
    for (const body of bodies) expectError(await asAdmin("POST", "/admin/webhooks", body), 422, "VALIDATION_ERROR");
    expectError(await asAdmin("GET", "/admin/webhooks/0/deliveries"), 422, "VALIDATION_ERROR");
    expectError(await asAdmin("GET", "/admin/webhooks/1/deliveries?limit=0"), 422, "VALIDATION_ERROR");
    expectError(await asAdmin("POST", "/admin/webhooks/1/deliveries/x/retry"), 422, "VALIDATION_ERROR");
  });

  test("401 without a token, 403 for a user, on every webhook route", async () => {
    const [user] = await insertUsers(t.pool, 1);
    const routes: [string, string][] = [
      ["POST", "/admin/webhooks"],
      ["GET", "/admin/webhooks"],
      ["DELETE", "/admin/webhooks/1"],
      ["GET", "/admin/webhooks/1/deliveries"],
      ["POST", "/admin/webhooks/1/deliveries/1/retry"],
    ];
    for (const [method, path] of routes) {
      const body = method === "POST" && path === "/admin/webhooks" ? { url: "https://example.com", events: ["order.placed"] } : undefined;
      expectError(await t.call(method, path, { body }), 401, "AUTH_TOKEN_MISSING");
      expectError(await t.call(method, path, { token: user!.token, body }), 403, "AUTH_FORBIDDEN");
    }
  });

  test("deliveries page newest first with Link rel=next; 404s name what is missing", async () => {
    const endpoint = await subscribe();
    for (let i = 0; i < 3; i++) await placeOrder(1);
    const first = await asAdmin("GET", `/admin/webhooks/${endpoint.id}/deliveries?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    expect(first.body[0].id).toBeGreaterThan(first.body[1].id);
    expect(first.headers.get("link")).toBe(`</admin/webhooks/${endpoint.id}/deliveries?limit=2&before=${first.body[1].id}>; rel="next"`);
    const second = await asAdmin("GET", `/admin/webhooks/${endpoint.id}/deliveries?limit=2&before=${first.body[1].id}`);
    expect(second.body).toHaveLength(1);
    expect(second.headers.get("link")).toBeNull();

    expectError(await asAdmin("GET", "/admin/webhooks/999999/deliveries"), 404, "WEBHOOK_NOT_FOUND");
    expectError(await asAdmin("POST", "/admin/webhooks/999999/deliveries/1/retry"), 404, "WEBHOOK_NOT_FOUND");
    expectError(await asAdmin("POST", `/admin/webhooks/${endpoint.id}/deliveries/999999/retry`), 404, "WEBHOOK_DELIVERY_NOT_FOUND");
    const other = await subscribe();
    // Another endpoint's delivery is not found under this one.
    expectError(await asAdmin("POST", `/admin/webhooks/${other.id}/deliveries/${first.body[0].id}/retry`), 404, "WEBHOOK_DELIVERY_NOT_FOUND");
    await eventually(async () => (await deliveriesOf(endpoint.id)).every((d) => d.status === "delivered"), 3_000);
    expectError(await asAdmin("POST", `/admin/webhooks/${endpoint.id}/deliveries/${first.body[0].id}/retry`), 409, "WEBHOOK_DELIVERY_NOT_FAILED");
  });
});

test("stop() returns within a few seconds with an attempt hanging; the attempt is due again at once", async () => {
  const endpoint = await subscribe();
  receiver.answer(endpoint.path, () => Bun.sleep(2_500).then(() => new Response(null))); // past the 2 s grace
  const stoppable = startTestDispatcher({ pool: t.pool, settings: { timeoutSeconds: 30 }, logger: t.logs.logger });
  await dispatcher.stop(); // only the stoppable one runs now
  await placeOrder();
  await eventually(() => receiver.to(endpoint.path).length === 1, 3_000);
  const began = performance.now();
  await stoppable.stop();
  expect(performance.now() - began).toBeLessThan(3_000);
  const [delivery] = await deliveriesOf(endpoint.id);
  expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_error: "interrupted: the dispatcher stopped" });
  expect(Date.parse(delivery!.next_attempt_at!)).toBeLessThanOrEqual(Date.now() + 1_000);
});
