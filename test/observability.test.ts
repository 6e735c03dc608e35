import { describe, expect, test } from "bun:test";
import { setupTestApp } from "./support/app.ts";
import { CountingGateway } from "./support/fixtures.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const failingGateway = new CountingGateway();
const t = await setupTestApp({ payment: failingGateway });
const { call, logs } = t;

const freshLogs = async () => {
  await Bun.sleep(20);
  logs.clear();
};

/** The request lines so far: they are written just after each response is handed over. */
const requestLines = async () => {
  await Bun.sleep(20);
  return logs.entries().filter((entry) => entry.msg === "request");
};

describe("request ids", () => {
  test("a valid X-Request-Id is echoed and names the request's log line", async () => {
    await freshLogs();
    const reply = await call("GET", "/health", { headers: { "x-request-id": "trace-me.42" } });
    expect(reply.headers.get("x-request-id")).toBe("trace-me.42");
    const [line] = await requestLines();
    expect(line).toMatchObject({ level: "info", request_id: "trace-me.42", method: "GET", route: "/health", status: 200 });
    expect(typeof line!.time).toBe("string");
    expect(typeof line!.duration_ms).toBe("number");
  });

  test("missing, empty, too long or non-visible ids are replaced by a generated one", async () => {
    for (const given of [undefined, "", "x".repeat(129), "has space", "tab\there"]) {
      const reply = await call("GET", "/health", { headers: given === undefined ? {} : { "x-request-id": given } });
      const id = reply.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(given);
    }
    expect((await call("GET", "/health", { headers: { "x-request-id": "y".repeat(128) } })).headers.get("x-request-id")).toBe("y".repeat(128));
  });

  test("error responses carry it too (404, 422, 401)", async () => {
    for (const [method, path] of [["GET", "/no/such"], ["POST", "/auth/login"], ["GET", "/auth/me"]] as const) {
      const reply = await call(method, path, { headers: { "x-request-id": `err-${path}` }, body: method === "POST" ? {} : undefined });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.headers.get("x-request-id")).toBe(`err-${path}`);
      expect(reply.body.request_id).toBeUndefined(); // only 5xx bodies name it
    }
  });
});

describe("request log lines", () => {
  test("route pattern, not the raw path; user_id when authenticated; unknown routes share one label", async () => {
    const admin = await t.createAdmin();
    const book = await t.createBook(admin.token, {}, 3);
    const user = await t.registerUser();
    await freshLogs();
    await call("GET", `/books/${book.id}`);
    await call("GET", "/auth/me", { token: user.token });
    await call("GET", "/no/such/42");
    const lines = await requestLines();
    expect(lines.map((line) => [line.route, line.status])).toEqual([
      ["/books/:id", 200],
      ["/auth/me", 200],
      ["unmatched", 404],
    ]);
    expect(lines[0]!.user_id).toBeUndefined();
    expect(lines[1]!.user_id).toBe(user.id);
  });

  test("a request that fails before it is validated (a body that is not JSON) still names its route", async () => {
    await freshLogs();
    const reply = await call("POST", "/auth/login", { body: "{not json" });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe("INVALID_JSON");
    const [line] = await requestLines();
    expect(line).toMatchObject({ route: "/auth/login", status: 400 });
  });

  test("an id with the characters JSON escapes is logged exactly, in a line that parses", async () => {
    const id = 'quote"back\\slash{}';
    await freshLogs();
    const reply = await call("GET", "/health", { headers: { "x-request-id": id } });
    expect(reply.headers.get("x-request-id")).toBe(id);
    const [line] = await requestLines();
    expect(line).toMatchObject({ request_id: id, route: "/health" });
  });

  test("a 5xx: generic body with request_id; cause and stack only in the log", async () => {
    const admin = await t.createAdmin();
    const book = await t.createBook(admin.token, {}, 3);
    const user = await t.registerUser();
    await t.addToCart(user.token, book.id);
    await freshLogs();
    failingGateway.failNext = new Error("gateway exploded: secret internals");
    const reply = await call("POST", "/orders/checkout", { token: user.token, headers: { "x-request-id": "boom-1" } });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ detail: "Internal server error", code: "INTERNAL_ERROR", request_id: "boom-1" });
    const error = logs.entries().find((entry) => entry.level === "error")!;
    expect(error).toMatchObject({ request_id: "boom-1", method: "POST", path: "/orders/checkout" });
    expect(error.err.message).toContain("gateway exploded");
    expect(error.err.stack).toContain("at ");
    expect((await requestLines()).at(-1)).toMatchObject({ request_id: "boom-1", route: "/orders/checkout", status: 500, user_id: user.id });
  });
});

/** Parses the Prometheus text exposition format strictly enough to catch a broken scrape. */
function parseMetrics(text: string) {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") types.set(meta[2]!, meta[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!sample) throw new Error(`not Prometheus text: ${line}`);
    samples.set(`${sample[1]}${sample[2] ?? ""}`, Number(sample[3]));
  }
  return { samples, types };
}

describe("GET /metrics", () => {
  test("parses as Prometheus text; request, checkout and pool series move after a checkout", async () => {
    const admin = await t.createAdmin();
    const book = await t.createBook(admin.token, {}, 3);
    const user = await t.registerUser();
    const before = await call("GET", "/metrics");
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toContain("text/plain");
    const { samples: was, types } = parseMetrics(before.body);
    expect(types.get("http_requests_total")).toBe("counter");
    expect(types.get("http_request_duration_seconds")).toBe("histogram");
    expect(types.get("checkouts_total")).toBe("counter");
    expect(types.get("order_actions_total")).toBe("counter");
    expect(types.get("db_pool_connections")).toBe("gauge");

    await t.addToCart(user.token, book.id);
    expect((await t.checkout(user.token)).status).toBe(201);
    expect((await t.checkout(user.token)).status).toBe(422); // cart now empty
    await call("GET", `/books/${book.id}`);
    await call("GET", "/books/999999");
    await call("GET", "/definitely/not/a/route/123");

    await Bun.sleep(20);
    const { samples: now } = parseMetrics((await call("GET", "/metrics")).body);
    const delta = (key: string) => (now.get(key) ?? 0) - (was.get(key) ?? 0);
    expect(delta('checkouts_total{outcome="placed"}')).toBe(1);
    expect(delta('checkouts_total{outcome="order_cart_empty"}')).toBe(1);
    expect(delta('http_requests_total{method="POST",route="/orders/checkout",status="201"}')).toBe(1);
    expect(delta('http_requests_total{method="GET",route="/books/:id",status="200"}')).toBe(1);
    expect(delta('http_requests_total{method="GET",route="/books/:id",status="404"}')).toBe(1);
    expect(delta('http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(delta('http_request_duration_seconds_count{method="POST",route="/orders/checkout",status="201"}')).toBe(1);
    expect(now.get('http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/orders/checkout",status="201"}')).toBeGreaterThanOrEqual(1);
    // Every request series: its histogram counts the same requests, in cumulative buckets, with a sum.
    for (const [key, count] of now) {
      const labels = /^http_requests_total(\{.*\})$/.exec(key)?.[1];
      if (!labels) continue;
      const of = (suffix: string, extra = "") => now.get(`http_request_duration_seconds_${suffix}${extra ? `{${extra},${labels.slice(1)}` : labels}`);
      expect(of("count")).toBe(count);
      expect(of("bucket", 'le="+Inf"')).toBe(count);
      expect(of("bucket", 'le="0.001"')!).toBeLessThanOrEqual(of("bucket", 'le="5"')!);
      expect(of("sum")).toBeGreaterThan(0);
    }
    for (const state of ["total", "idle", "waiting"]) expect(now.has(`db_pool_connections{state="${state}"}`)).toBe(true);
    expect(now.get('db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    // bounded labels: no raw path or id anywhere
    const text = (await call("GET", "/metrics")).body as string;
    expect(text).not.toContain(`/books/${book.id}`);
    expect(text).not.toContain("/definitely");
  });
});

describe("order action metrics", () => {
  test("cancel, ship and deliver counted by action and outcome, user and admin cancels as one action", async () => {
    const admin = await t.createAdmin();
    const book = await t.createBook(admin.token, {}, 10);
    const user = await t.registerUser();
    const placeOrder = async () => {
      await t.addToCart(user.token, book.id);
      const placed = await t.checkout(user.token);
      expect(placed.status).toBe(201);
      return placed.body.id as number;
    };
    const [first, second, third] = [await placeOrder(), await placeOrder(), await placeOrder()];
    const { samples: was } = parseMetrics((await call("GET", "/metrics")).body);

    expect((await call("POST", `/orders/${first}/cancel`, { token: user.token, body: {} })).status).toBe(200);
    expect((await call("POST", `/admin/orders/${second}/cancel`, { token: admin.token, body: {} })).status).toBe(200);
    expect((await call("POST", `/orders/${first}/cancel`, { token: user.token, body: {} })).status).toBe(409);
    expect((await call("POST", `/admin/orders/${first}/ship`, { token: admin.token, body: {} })).status).toBe(409);
    expect((await call("POST", `/admin/orders/${third}/ship`, { token: admin.token, body: {} })).status).toBe(200);
    expect((await call("POST", `/admin/orders/${third}/deliver`, { token: admin.token })).status).toBe(200);
    expect((await call("POST", "/admin/orders/999999/deliver", { token: admin.token })).status).toBe(404);

    await Bun.sleep(20);
    const { samples: now } = parseMetrics((await call("GET", "/metrics")).body);
    const delta = (labels: string) => (now.get(`order_actions_total{${labels}}`) ?? 0) - (was.get(`order_actions_total{${labels}}`) ?? 0);
    expect(delta('action="cancel",outcome="done"')).toBe(2);
    expect(delta('action="cancel",outcome="order_invalid_transition"')).toBe(1);
    expect(delta('action="ship",outcome="order_invalid_transition"')).toBe(1);
    expect(delta('action="ship",outcome="done"')).toBe(1);
    expect(delta('action="deliver",outcome="done"')).toBe(1);
    expect(delta('action="deliver",outcome="order_not_found"')).toBe(1);
  });
});

describe("GET /metrics in production", () => {
  test("absent (404 NOT_FOUND) without METRICS_TOKEN", async () => {
    const prod = await setupTestApp({ config: { production: true } });
    const reply = await prod.call("GET", "/metrics");
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 404, code: "NOT_FOUND" });
  });

  test("401 without or with a wrong bearer token, 200 with METRICS_TOKEN", async () => {
    const metricsToken = "metrics-token-0123456789";
    const prod = await setupTestApp({ config: { production: true, metricsToken } });
    const missing = await prod.call("GET", "/metrics");
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 401, code: "AUTH_TOKEN_MISSING" });
    const wrong = await prod.call("GET", "/metrics", { token: "metrics-token-999999999" });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: "AUTH_TOKEN_INVALID" });
    const right = await prod.call("GET", "/metrics", { token: metricsToken });
    expect(right.status).toBe(200);
    expect(right.body).toContain("http_requests_total");
  });
});
