import { expect, test } from "bun:test";
import { createTestDatabase } from "./support/cluster.ts";
import { startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

test("a production server logs JSON lines only: startup, migrations, one per request, shutdown; no secret in any", async () => {
  const secrets = {
    JWT_SECRET: "jwt-secret-for-the-log-test-0123456789abcdef",
    METRICS_TOKEN: "metrics-token-for-the-log-test-42",
    password: "hunter2-password-in-a-log-test",
  };
  const server = await startServerProcess({
    env: { NODE_ENV: "production", DATABASE_URL: await createTestDatabase(), JWT_SECRET: secrets.JWT_SECRET, METRICS_TOKEN: secrets.METRICS_TOKEN },
  });
  const post = (path: string, body: unknown) =>
    fetch(`${server.base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const used: string[] = Object.values(secrets);
  try {
    const email = `log-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const registered = (await (await post("/auth/register", { email, password: secrets.password })).json()) as { access_token: string; refresh_token: string };
    expect((await post("/auth/login", { email, password: "wrong-password-also-secret" })).status).toBe(401);
    used.push("wrong-password-also-secret");
    const refreshed = (await (await post("/auth/refresh", { refresh_token: registered.refresh_token })).json()) as { access_token: string; refresh_token: string };
    used.push(registered.access_token, registered.refresh_token, refreshed.access_token, refreshed.refresh_token);
    const me = await fetch(`${server.base}/auth/me`, { headers: { authorization: `Bearer ${refreshed.access_token}`, "x-request-id": "me-1" } });
    expect(me.status).toBe(200);
    const metrics = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${secrets.METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
  } finally {
    expect(await server.stop()).toBe(0);
  }
  const output = server.output();
  const lines = output.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
  for (const line of lines) {
    expect(typeof line.time).toBe("string");
    expect(typeof line.level).toBe("string");
  }
  const messages = lines.map((line) => line.msg as string);
  expect(messages.some((msg) => msg.startsWith("migrations"))).toBe(true);
  expect(messages.some((msg) => msg.startsWith("listening on"))).toBe(true);
  expect(messages.at(-1)).toBe("stopped");
  const requests = lines.filter((line) => line.msg === "request");
  expect(requests.map((line) => `${line.method} ${line.route} ${line.status}`)).toEqual([
    "POST /auth/register 201",
    "POST /auth/login 401",
    "POST /auth/refresh 200",
    "GET /auth/me 200",
    "GET /metrics 200",
  ]);
  expect(requests[3]).toMatchObject({ request_id: "me-1", user_id: expect.any(Number) });
  for (const secret of used) expect(output).not.toContain(secret);
});

test("production batches request lines: each is out within a moment while the server runs, whole, in order", async () => {
  const server = await startServerProcess({
    env: { NODE_ENV: "production", DATABASE_URL: await createTestDatabase(), JWT_SECRET: "jwt-secret-for-the-batch-test-0123456789ab" },
  });
  try {
    const ids = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
    for (const id of ids) await fetch(`${server.base}/health`, { headers: { "x-request-id": id } });
    // No shutdown yet: the periodic flush (100 ms) has to put them out.
    const requestLines = () =>
      server.output().split("\n").filter((line) => line.includes('"msg":"request"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const deadline = Date.now() + 2_000;
    while (requestLines().length < ids.length && Date.now() < deadline) await Bun.sleep(20);
    expect(requestLines().map((line) => line.request_id)).toEqual(ids);
    expect(requestLines().every((line) => line.route === "/health" && line.status === 200)).toBe(true);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test("production: a start that fails on its settings still prints its one JSON line before exiting", async () => {
  const server = await startServerProcess({ env: { NODE_ENV: "production", JWT_SECRET: "" }, waitUntilListening: false });
  expect(await server.exited).toBe(1);
  const lines = server.output().trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: "fatal", msg: expect.stringContaining("JWT_SECRET is required") });
});
