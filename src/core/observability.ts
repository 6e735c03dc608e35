import { timingSafeEqual as bytesEqual } from "node:crypto";
import { Elysia } from "elysia";
import type pg from "pg";
import { Counter, Gauge, type Metric, Registry } from "prom-client";
import { type Logger, requestLogger } from "./logger.ts";
import { AppError } from "./errors.ts";
import { beginRequest, type RequestState, requestState } from "./request-context.ts";

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
  const http = httpSeries(registry);
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

  return {
    registry,
    observe: http.observe,
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

type HttpLabels = Record<"method" | "route" | "status", string>;

interface HttpSeries {
  labels: HttpLabels;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative; the last one is +Inf. */
  buckets: Float64Array;
}

/**
 * `http_requests_total` and `http_request_duration_seconds`: counted in plain numbers per
 * (method, route, status) on the hot path, and handed to the registry, which formats them like
 * its own counters and histograms, when it is scraped. prom-client's own Counter and Histogram
 * hash the label set on every inc/observe: ~1 µs a request for the pair, a fifth of what the
 * hooks cost a cached GET /books/{id}, against ~0.1 µs here.
 */
function httpSeries(registry: Registry) {
  const series = new Map<string, HttpSeries>();
  const register = (name: string, help: string, type: "counter" | "histogram", values: () => object[]) => {
    const metric = { name, help, type, aggregator: "sum", get: async () => ({ name, help, type, aggregator: "sum", values: values() }) };
    registry.registerMetric(metric as unknown as Metric);
  };
  register("http_requests_total", "HTTP requests answered, by method, route pattern and status", "counter", () =>
    [...series.values()].map(({ labels, count }) => ({ labels, value: count })));
  const histogram = "http_request_duration_seconds";
  register(histogram, "Time from receiving a request to handing over its response, by method, route pattern and status", "histogram", () =>
    [...series.values()].flatMap(({ labels, count, sum, buckets }) => {
      let cumulative = 0;
      return [
        ...[...DURATION_BUCKETS, "+Inf"].map((le, i) => ({ metricName: `${histogram}_bucket`, labels: { le, ...labels }, value: (cumulative += buckets[i]!) })),
        { metricName: `${histogram}_sum`, labels, value: sum },
        { metricName: `${histogram}_count`, labels, value: count },
      ];
    }));
  return {
    observe(method: string, route: string, status: number, seconds: number) {
      const key = `${method} ${status} ${route}`;
      let entry = series.get(key);
      if (!entry) {
        entry = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Float64Array(DURATION_BUCKETS.length + 1) };
        series.set(key, entry);
      }
      entry.count++;
      entry.sum += seconds;
      let bucket = 0;
      while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]!) bucket++;
      entry.buckets[bucket]!++;
    },
  };
}

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
 * Request ids, the one log line per request and the HTTP metrics. The id is read or generated
 * when the request arrives (errors name it); the response header, the log line and the metrics
 * are set and recorded on the response itself, in a wrap around Elysia's whole handler (the hook
 * @elysiajs/opentelemetry uses), so they see the status every path answered with (errors,
 * unmatched routes). Measured per request of the server's CPU (README "Cost on the hot path"):
 * onAfterResponse costs a setImmediate, a header put in `set.headers` sends every response
 * through Elysia's slower mapResponse (~2.4 µs against ~0 for setting it on the Response), and a
 * global onRequest hook ~1.2 µs (Elysia then parses every URL's query), against ~0.3 µs for the
 * global transform that learns the route pattern here (the error handler learns it for requests
 * that fail before: an unreadable body).
 */
export function observabilityPlugin(logger: Logger, metrics: Metrics) {
  const logRequest = requestLogger(logger);
  const record = (request: Request, state: RequestState, response: Response) => {
    response.headers.set("x-request-id", state.id);
    const route = state.route || UNMATCHED_ROUTE;
    const status = response.status;
    const method = METHODS.has(request.method) ? request.method : "OTHER";
    const elapsed = performance.now() - state.startedAt;
    metrics.observe(method, route, status, elapsed / 1000);
    metrics.outcome(method, route, status, state.errorCode);
    logRequest(state.id, method, route, status, Math.round(elapsed * 100) / 100, state.userId);
    return response;
  };
  // Elysia calls the wrap with each route's own handler on every request; its wrapper is built
  // once, so a request allocates no closure of its own.
  type Handle = (request: Request) => Response | Promise<Response>;
  const wrappers = new WeakMap<Handle, Handle>();
  const wrapper = (handle: Handle): Handle => (request) => {
    const state = beginRequest(request);
    const answer = handle(request);
    return answer instanceof Promise ? answer.then((response) => record(request, state, response)) : record(request, state, answer);
  };
  return new Elysia({ name: "observability" })
    .wrap((handle) => {
      const own = handle as unknown as Handle;
      let wrapped = wrappers.get(own);
      if (!wrapped) wrappers.set(own, (wrapped = wrapper(own)));
      return wrapped;
    })
    .onTransform({ as: "global" }, ({ request, route }) => {
      requestState(request)!.route = route;
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
