import { expect, test } from "bun:test";
import { createTestDatabase } from "./support/cluster.ts";
import { startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A minimal OTLP/HTTP trace receiver (JSON encoding), as a collector would run it. */
function startReceiver() {
  const spans: Span[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      if (request.method !== "POST" || new URL(request.url).pathname !== "/v1/traces") return new Response("not found", { status: 404 });
      expect(request.headers.get("content-type")).toContain("application/json");
      const body = (await request.json()) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      return Response.json({});
    },
  });
  return { spans, url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

test("with OTEL_EXPORTER_OTLP_ENDPOINT a checkout is one trace: the request span continues traceparent, one child per SQL statement", async () => {
  const receiver = startReceiver();
  const admin = { email: "trace-admin@example.com", password: "trace-admin-password" };
  const server = await startServerProcess({
    env: { DATABASE_URL: await createTestDatabase(), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password },
  });
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const parentId = "00f067aa0ba902b7";
  try {
    const call = async (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.base}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const adminToken = (await call("POST", "/auth/login", admin)).body.access_token;
    const book = (await call("POST", "/books", { title: "Traced", author: "A", price: "5.00" }, adminToken)).body;
    await call("PATCH", `/books/${book.id}/stock`, { quantity: 3 }, adminToken);
    const user = (await call("POST", "/auth/register", { email: "traced@example.com", password: "password123" })).body;
    expect((await call("POST", "/cart/items", { book_id: book.id, quantity: 1 }, user.access_token)).status).toBe(201);
    const checkout = await call("POST", "/orders/checkout", undefined, user.access_token, { traceparent: `00-${traceId}-${parentId}-01` });
    expect(checkout.status).toBe(201);
  } finally {
    expect(await server.stop()).toBe(0); // shutdown exports what is buffered
    receiver.stop();
  }
  const trace = receiver.spans.filter((span) => span.traceId === traceId);
  const root = trace.find((span) => span.parentSpanId === parentId)!;
  if (!root) console.error("spans received:", JSON.stringify(receiver.spans.map((span) => [span.name, span.traceId.slice(0, 6), span.parentSpanId])));
  expect(root.name).toBe("POST /orders/checkout");
  const byId = new Map(trace.map((span) => [span.spanId, span]));
  const underRoot = (span: Span): boolean => {
    for (let parent = span.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) if (parent === root.spanId) return true;
    return false;
  };
  const statements = trace.filter((span) => underRoot(span) && /^[a-z]+(_[a-z]+)+$/.test(span.name)).map((span) => span.name);
  for (const name of ["lock_cart", "lock_books_for_update", "insert_order", "decrement_stock", "clear_cart"]) expect(statements).toContain(name);
  // other requests are traces of their own, named by route pattern
  expect(receiver.spans.some((span) => span.name === "PATCH /books/:id/stock")).toBe(true);
});
