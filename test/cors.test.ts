import { describe, expect, test } from "bun:test";
import { setupTestApp } from "./support/app.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const SHOP = "https://shop.example.com";

const preflight = (call: Awaited<ReturnType<typeof setupTestApp>>["call"], origin: string) =>
  call("OPTIONS", "/orders/checkout", {
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, idempotency-key" },
  });

const setup = await setupTestApp({ config: { corsOrigins: [SHOP, "http://localhost:5173"] } });

describe("CORS_ORIGINS set", () => {
  test("a preflight from an allowed origin names the methods and headers the API uses", async () => {
    const { call } = setup;
    const reply = await preflight(call, SHOP);
    expect(reply.status).toBeLessThan(300);
    expect(reply.headers.get("access-control-allow-origin")).toBe(SHOP);
    const methods = reply.headers.get("access-control-allow-methods")!;
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) expect(methods).toContain(method);
    const allowed = reply.headers.get("access-control-allow-headers")!.toLowerCase();
    for (const header of ["authorization", "content-type", "idempotency-key", "x-request-id"]) expect(allowed).toContain(header);
  });

  test("a request from an allowed origin gets Allow-Origin and the exposed headers", async () => {
    const { call } = setup;
    const reply = await call("GET", "/health", { headers: { origin: "http://localhost:5173" } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const exposed = reply.headers.get("access-control-expose-headers")!.toLowerCase();
    for (const header of ["link", "retry-after", "idempotent-replayed", "x-request-id", "ratelimit", "ratelimit-policy"]) {
      expect(exposed).toContain(header);
    }
  });

  test("an origin not in the list gets no Allow-Origin", async () => {
    const { call } = setup;
    const reply = await call("GET", "/health", { headers: { origin: "https://evil.example.net" } });
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight(call, "https://evil.example.net")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

test("CORS_ORIGINS=* allows any origin", async () => {
  const { call } = await setupTestApp({ config: { corsOrigins: "*" } });
  const reply = await call("GET", "/health", { headers: { origin: "https://anything.example.org" } });
  expect(["*", "https://anything.example.org"]).toContain(String(reply.headers.get("access-control-allow-origin")));
});

test("CORS_ORIGINS unset: no CORS headers on requests or preflights", async () => {
  const { call } = await setupTestApp();
  const reply = await call("GET", "/health", { headers: { origin: SHOP } });
  const pre = await preflight(call, SHOP);
  for (const response of [reply, pre]) {
    for (const name of response.headers.keys()) expect(name.startsWith("access-control-")).toBe(false);
  }
  expect(pre.status).toBe(404);
  expect(pre.body.code).toBe("NOT_FOUND");
});
