import { timingSafeEqual as bytesEqual } from "node:crypto";
import { Elysia } from "elysia";
import type pg from "pg";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { type Logger, requestLogger } from "./logger.ts";
import { AppError } from "./errors.ts";
import { beginRequest, endRequest, requestState } from "./request-context.ts";

/** The label of every request that matched no route: raw paths never become labels. */
export const UNMATCHED_ROUTE = "unmatched";

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * One registry per app (tests build several apps in one process). prom-client's default
 * process metrics are left out: on Bun its event-loop-delay monitor has broken, and what an
 * operator needs from this service is below.
 */
export function createMetrics(pool: pg.Pool) {
  const registry = new Registry();
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from receiving a request to handing over its response, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const checkouts = new Counter({
    name: "checkouts_total",
    help: "POST /orders/checkout answers by outcome: placed, or the error code in lower case",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const orderActions = new Counter({
    name: "order_actions_total",
    help: "Order lifecycle requests (cancel, ship, deliver) by action and outcome: done, or the error code in lower case",
    labelNames: ["action", "outcome"] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "event_deliveries_total",
    help: "Delivery attempts of order events made by this process, by channel (webhook, email) and outcome: delivered, retrying (failed, tried again later) or failed (for good)",
    labelNames: ["channel", "status"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "db_pool_connections",
    help: "PostgreSQL pool connections: total open, idle, and requests waiting for one",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });

  // One pair of bound children per (method, route, status): label objects are built once.
  const series = new Map<string, { count: Counter.Internal; time: Histogram.Internal<"method" | "route" | "status"> }>();
  return {
    registry,
    observe(method: string, route: string, status: number, seconds: number) {
      const key = `${method} ${status} ${route}`;
      let bound = series.get(key);
      if (!bound) {
        const labels = { method, route, status: String(status) };
        bound = { count: requests.labels(labels), time: duration.labels(labels) };
        series.set(key, bound);
      }
      bound.count.inc();
      bound.time.observe(seconds);
    },
    /** Counts the answer of a checkout or lifecycle route; other routes are not counted here. */
    outcome(method: string, route: string, status: number, errorCode: string | undefined) {
      if (method !== "POST") return;
      const failed = (errorCode ?? "error").toLowerCase();
      if (route === "/orders/checkout") checkouts.inc({ outcome: status < 300 ? "placed" : failed });
      const action = ORDER_ACTIONS.get(route);
      if (action) orderActions.inc({ action, outcome: status < 300 ? "done" : failed });
    },
    delivery(channel: "webhook" | "email", status: "delivered" | "retrying" | "failed") {
      deliveries.inc({ channel, status });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// The lifecycle routes by the action they take (a user's and an admin's cancel are one action).
const ORDER_ACTIONS = new Map([
  ["/orders/:id/cancel", "cancel"],
  ["/admin/orders/:id/cancel", "cancel"],
  ["/admin/orders/:id/ship", "ship"],
  ["/admin/orders/:id/deliver", "deliver"],
]);

// Methods outside this set share one label, so a client cannot grow the label set.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Request ids, the one log line per request and the HTTP metrics. The only per-request work
 * before the handler is reading/generating the id (it must be on every response and every log
 * line); the log line and the metrics are written after the response is handed over.
 */
export function observabilityPlugin(logger: Logger, metrics: Metrics) {
  const logRequest = requestLogger(logger);
  return new Elysia({ name: "observability" })
    .onRequest(({ request, set }) => {
      set.headers["x-request-id"] = beginRequest(request).id;
    })
    .onAfterResponse({ as: "global" }, (context) => {
      const { request, set } = context;
      const state = requestState(request);
      if (!state) return;
      endRequest();
      const route = (context as { route?: string }).route || UNMATCHED_ROUTE;
      const status = state.status ?? (typeof set.status === "number" ? set.status : 200);
      const method = METHODS.has(request.method) ? request.method : "OTHER";
      const elapsed = performance.now() - state.startedAt;
      metrics.observe(method, route, status, elapsed / 1000);
      metrics.outcome(method, route, status, state.errorCode);
      logRequest({ request_id: state.id, method, route, status, duration_ms: Math.round(elapsed * 100) / 100, user_id: state.userId });
    });
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * `GET /metrics` in the Prometheus text format. In production it exists only with METRICS_TOKEN
 * and answers only to that bearer token; outside production it is open.
 */
export function metricsRoute(metrics: Metrics, options: { production: boolean; token: string | undefined }) {
  const plugin = new Elysia({ name: "metrics" });
  if (options.production && !options.token) return plugin;
  const token = options.production ? options.token : undefined;
  return plugin.get(
    "/metrics",
    async ({ request }) => {
      if (token !== undefined) {
        const given = BEARER.exec(request.headers.get("authorization") ?? "")?.[1];
        if (given === undefined) throw new AppError(401, "AUTH_TOKEN_MISSING", "Missing bearer token", undefined, undefined, WWW_AUTHENTICATE);
        if (!timingSafeEqual(given, token)) throw new AppError(401, "AUTH_TOKEN_INVALID", "Invalid metrics token", undefined, undefined, WWW_AUTHENTICATE);
      }
      return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
    },
    { detail: { hide: true } },
  );
}

const WWW_AUTHENTICATE = { "www-authenticate": 'Bearer realm="metrics"' };

function timingSafeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && bytesEqual(left, right);
}
