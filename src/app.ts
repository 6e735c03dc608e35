import { Elysia } from "elysia";
import type pg from "pg";
import { createAccessTokens } from "./core/auth.ts";
import type { Config } from "./core/config.ts";
import { corsPlugin } from "./core/cors.ts";
import { errorsPlugin } from "./core/errors.ts";
import { createLogger, type Logger } from "./core/logger.ts";
import { createMetrics, type Metrics, metricsRoute, observabilityPlugin } from "./core/observability.ts";
import { openapiRoutes } from "./core/openapi.ts";
import { type ClientAddressResolver, rateLimitPlugin, socketAddress } from "./core/rate-limit.ts";
import { analyticsModule } from "./modules/analytics/index.ts";
import type { Clock } from "./modules/analytics/service.ts";
import { authModule } from "./modules/auth/index.ts";
import { booksModule } from "./modules/books/index.ts";
import { cartModule } from "./modules/cart/index.ts";
import { eventsModule } from "./modules/events/index.ts";
import { healthModule } from "./modules/health/index.ts";
import { ordersModule } from "./modules/orders/index.ts";
import { type PaymentGateway, MockPaymentGateway } from "./modules/orders/payment.ts";
import { primaryReads, type Reads } from "./db/replicas.ts";

export interface AppDeps {
  pool: pg.Pool;
  config: Pick<Config, "jwtSecret" | "accessTokenTtlSeconds" | "refreshTokenTtlDays" | "paymentDeclineRate">
    & Partial<Pick<Config, "production" | "metricsToken" | "rateLimits" | "trustProxy" | "corsOrigins">>;
  payment?: PaymentGateway;
  /** Where log lines go; tests pass one writing to a buffer. */
  logger?: Logger;
  /** The socket address of a request (default: Bun's); tests of app.handle pass their own. */
  resolveAddress?: ClientAddressResolver;
  /** Where the catalog reads (DATABASE_REPLICA_URL); default: the pool. */
  reads?: Reads;
  /** @elysiajs/opentelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/core/tracing.ts). */
  tracing?: Elysia;
  /** The registry /metrics serves; the server shares it with its dispatcher. */
  metrics?: Metrics;
  /** Now, for the analytics' periods (default: the wall clock); tests fix it. */
  clock?: Clock;
  /**
   * false: no request ids, request log lines or HTTP metrics. Only for the benchmark's A/B of
   * what they cost (BENCH_WITHOUT_OBSERVABILITY, bench/run.ts "hooks on/off").
   */
  observe?: boolean;
}

/** The whole HTTP API, without a listening socket: tests call `app.handle(request)`. */
export function createApp({ pool, config, payment = new MockPaymentGateway(config.paymentDeclineRate), logger = defaultLogger(), resolveAddress = socketAddress, tracing, clock, metrics = createMetrics(pool), reads = primaryReads(pool), observe = true }: AppDeps) {
  const access = createAccessTokens(config.jwtSecret, config.accessTokenTtlSeconds);
  const limits = rateLimitPlugin(pool, { ...(config.rateLimits ?? DEFAULT_RATE_LIMITS), trustProxy: config.trustProxy ?? 0, resolveAddress });
  const app = new Elysia()
    .use(tracing ?? new Elysia({ name: "no-tracing" }))
    .use(observe ? observabilityPlugin(logger, metrics) : new Elysia({ name: "no-observability" }))
    .use(config.corsOrigins ? corsPlugin(config.corsOrigins) : new Elysia({ name: "no-cors" }))
    .use(errorsPlugin(logger))
    .use(metricsRoute(metrics, { production: config.production ?? false, token: config.metricsToken }))
    .use(healthModule(pool, reads))
    .use(authModule(pool, { access, refreshTokenTtlDays: config.refreshTokenTtlDays }, limits))
    .use(booksModule(pool, access, { reads }))
    .use(cartModule(pool, access))
    .use(ordersModule(pool, access, payment))
    .use(analyticsModule(pool, access, clock))
    .use(eventsModule(pool, access));
  return app.use(openapiRoutes(app));
}

/** SPEC's defaults, for callers that pass no settings of their own. */
const DEFAULT_RATE_LIMITS = { enabled: true, loginPerMinute: 10, authPerMinute: 100 };

/** The server passes its own logger; an app built without one (a test's) is quiet under `bun test`. */
const defaultLogger = () => createLogger({ level: process.env.NODE_ENV === "test" ? "silent" : "info" });

/** The API's type, for end-to-end typed clients: `treaty<App>(url)` from `@elysiajs/eden`. */
export type App = ReturnType<typeof createApp>;
