import { describe, expect, test } from "bun:test";
import { freshWindow, setupTestApp, TEST_ADDRESS_HEADER } from "./support/app.ts";
import { createTestDatabase } from "./support/cluster.ts";
import { startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const limited = (overrides: { loginPerMinute?: number; authPerMinute?: number; trustProxy?: number } = {}) =>
  setupTestApp({
    config: {
      rateLimits: { enabled: true, loginPerMinute: overrides.loginPerMinute ?? 3, authPerMinute: overrides.authPerMinute ?? 100 },
      trustProxy: overrides.trustProxy ?? 0,
    },
  });

let addressCounter = 0;
const newAddress = () => `198.51.100.${++addressCounter}`;

function expectLimited(reply: { status: number; headers: Headers; body: any }, policy: string) {
  expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 429, code: "RATE_LIMITED" });
  expect(typeof reply.body.detail).toBe("string");
  const retryAfter = Number(reply.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(reply.headers.get("ratelimit")).toContain(`"${policy}";r=0;t=`);
}

describe("login: per email and address", () => {
  test("the 4th attempt within a minute → 429 RATE_LIMITED with Retry-After and RateLimit headers", async () => {
    await freshWindow();
    const t = await limited({ loginPerMinute: 3 });
    const user = await t.registerUser();
    const address = newAddress();
    const login = (email: string, from = address, password = "wrong-password") =>
      t.call("POST", "/auth/login", { body: { email, password }, headers: { [TEST_ADDRESS_HEADER]: from } });
    const first = await login(user.email);
    expect(first.status).toBe(401);
    expect(first.headers.get("ratelimit-policy")).toBe('"login";q=3;w=60, "auth";q=100;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/^"login";r=2;t=\d+, "auth";r=99;t=\d+$/);
    expect((await login(user.email)).status).toBe(401);
    expect((await login(user.email.toUpperCase())).status).toBe(401); // same email in other case
    const blocked = await login(user.email, address, "password123"); // even the right password
    expectLimited(blocked, "login");
    expect(blocked.headers.get("ratelimit-policy")).toContain('"login";q=3;w=60');
    // another email from that address, and that email from another address, are not limited
    expect((await login(`other-${user.email}`)).status).toBe(401);
    expect((await login(user.email, newAddress(), "password123")).status).toBe(200);
  });
});

describe("register, refresh and login together: per address", () => {
  test("the (N+1)-th auth request of one address → 429; another address is unaffected", async () => {
    await freshWindow();
    const t = await limited({ loginPerMinute: 100, authPerMinute: 4 });
    const address = newAddress();
    const from = { [TEST_ADDRESS_HEADER]: address };
    const email = `burst-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const registered = await t.call("POST", "/auth/register", { body: { email, password: "password123" }, headers: from });
    expect(registered.status).toBe(201);
    expect(registered.headers.get("ratelimit-policy")).toBe('"auth";q=4;w=60');
    expect((await t.call("POST", "/auth/refresh", { body: { refresh_token: registered.body.refresh_token }, headers: from })).status).toBe(200);
    expect((await t.call("POST", "/auth/login", { body: { email, password: "password123" }, headers: from })).status).toBe(200);
    expect((await t.call("POST", "/auth/refresh", { body: { refresh_token: "nope" }, headers: from })).status).toBe(401);
    expectLimited(await t.call("POST", "/auth/register", { body: { email: `x${email}`, password: "password123" }, headers: from }), "auth");
    expectLimited(await t.call("POST", "/auth/refresh", { body: { refresh_token: "nope" }, headers: from }), "auth");
    // other routes are not limited, and carry no RateLimit headers
    const me = await t.call("GET", "/auth/me", { token: registered.body.access_token, headers: from });
    expect(me.status).toBe(200);
    expect(me.headers.get("ratelimit")).toBeNull();
    const elsewhere = await t.call("POST", "/auth/login", { body: { email, password: "password123" }, headers: { [TEST_ADDRESS_HEADER]: newAddress() } });
    expect(elsewhere.status).toBe(200);
  });
});

describe("client address", () => {
  const attempt = (t: Awaited<ReturnType<typeof limited>>, socket: string, forwardedFor?: string) =>
    t.call("POST", "/auth/login", {
      body: { email: "nobody@example.com", password: "wrong-password" },
      headers: { [TEST_ADDRESS_HEADER]: socket, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    });

  test("behind TRUST_PROXY=1 the client is the address the proxy appended to X-Forwarded-For", async () => {
    await freshWindow();
    const t = await limited({ loginPerMinute: 2, trustProxy: 1 });
    const proxy = newAddress();
    const client = newAddress();
    // whatever the client itself wrote on the left is not believed
    expect((await attempt(t, proxy, `1.1.1.1, ${client}`)).status).toBe(401);
    expect((await attempt(t, proxy, `2.2.2.2, ${client}`)).status).toBe(401);
    expectLimited(await attempt(t, proxy, `3.3.3.3, ${client}`), "login");
    // another client behind the same proxy is not limited
    expect((await attempt(t, proxy, newAddress())).status).toBe(401);
  });

  test("TRUST_PROXY=2 takes the second address from the right", async () => {
    await freshWindow();
    const t = await limited({ loginPerMinute: 1, trustProxy: 2 });
    const client = newAddress();
    expect((await attempt(t, newAddress(), `${client}, 10.0.0.1`)).status).toBe(401);
    expectLimited(await attempt(t, newAddress(), `9.9.9.9, ${client}, 10.0.0.2`), "login");
  });

  test("without a trusted proxy X-Forwarded-For is ignored: the socket address is the key", async () => {
    await freshWindow();
    const t = await limited({ loginPerMinute: 2, trustProxy: 0 });
    const socket = newAddress();
    expect((await attempt(t, socket, newAddress())).status).toBe(401);
    expect((await attempt(t, socket, newAddress())).status).toBe(401);
    expectLimited(await attempt(t, socket, newAddress()), "login");
  });
});

test("RATE_LIMIT_ENABLED=false: no limit and no RateLimit headers", async () => {
  const t = await setupTestApp({ config: { rateLimits: { enabled: false, loginPerMinute: 1, authPerMinute: 1 } } });
  for (let i = 0; i < 4; i++) {
    const reply = await t.call("POST", "/auth/login", { body: { email: "nobody@example.com", password: "wrong-password" } });
    expect(reply.status).toBe(401);
    expect(reply.headers.get("ratelimit")).toBeNull();
    expect(reply.headers.get("ratelimit-policy")).toBeNull();
  }
});

test("the limit holds across two API processes sharing the database", async () => {
  await freshWindow();
  const env = { DATABASE_URL: await createTestDatabase(), RATE_LIMIT_LOGIN_PER_MINUTE: "3", JWT_SECRET: "cross-process-secret-0123456789abcdef" };
  const [a, b] = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
  try {
    const login = (server: typeof a) =>
      fetch(`${server.base}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "someone@example.com", password: "wrong-password" }),
      });
    const statuses = [];
    for (const server of [a, b, a, b]) statuses.push((await login(server)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const blocked = await login(a);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { code: string }).code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
