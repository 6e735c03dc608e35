import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./core/config.ts";
import { createLogger, flushLogs } from "./core/logger.ts";
import { requestsSettled } from "./core/request-context.ts";
import type { Tracing } from "./core/tracing.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { type Db, prepared } from "./db/pool.ts";
import { ensureAdmin, pruneExpiredTokens } from "./modules/auth/service.ts";
import { pruneExpiredKeys } from "./modules/orders/idempotency.ts";
import { pruneRateLimits } from "./db/queries/rate_limits.queries.ts";
import { createMetrics } from "./core/observability.ts";
import { resolveConnection } from "./db/connection.ts";
import { type Dispatcher, startEventDispatcher } from "./modules/events/dispatcher.ts";

const production = process.env.NODE_ENV === "production";
const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ production }).fatal(`configuration error: ${error.message}`);
    process.exit(1);
  }
})();
const logger = createLogger({ level: config.logLevel, production });
const log = (line: string) => logger.info(line);

let database: Database | undefined;
let app: ReturnType<typeof createApp> | undefined;
let tracing: Tracing | undefined;
let dispatcher: Dispatcher | undefined;
let stopping = false;

/**
 * Stop accepting, let in-flight requests finish, stop the event dispatcher (≤ ~3 s: what it
 * has not sent stays in the outbox), close the pool, stop an embedded PostgreSQL.
 */
async function shutdown(reason: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, `${reason}: finishing in-flight requests`);
  await app?.stop();
  await requestsSettled(); // their log lines and spans
  await dispatcher?.stop();
  await database?.close();
  await tracing?.shutdown().catch((error) => logger.warn({ err: error }, "traces not exported"));
  log("stopped");
  await flushLogs(logger);
  process.exit(code);
}

// Installed before the embedded PostgreSQL starts, so that it leaves these signals to us: the
// server drains requests and closes the pool first, then stops the database.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));

/** Hourly: idempotency keys past 24 hours, refresh tokens past their expiry, past rate-limit windows. */
async function housekeeping(db: Db) {
  try {
    await pruneExpiredKeys(db);
    await pruneExpiredTokens(db);
    await pruneRateLimits.run(undefined, db);
  } catch (error) {
    logger.error({ err: error }, "housekeeping failed");
  }
}

try {
  if (config.otlpEndpoint) {
    // Imported only here: without an endpoint no OpenTelemetry code is loaded.
    tracing = await (await import("./core/tracing.ts")).startTracing(config.otlpEndpoint);
    log("traces exported over OTLP/HTTP");
  }
  database = await openDatabase(config, log);
  const db = prepared(database.pool);
  if (config.admin) {
    const admin = await ensureAdmin(db, config.admin.email, config.admin.password);
    log(`admin ${admin.email} ensured`);
  }
  await housekeeping(db);
  setInterval(() => void housekeeping(db), 60 * 60 * 1000).unref();
  // Elysia asks for SO_REUSEPORT by default, which lets a second server on the same port
  // silently take half of the requests: a port in use must stop this one instead.
  const metrics = createMetrics(database.pool);
  app = createApp({ pool: database.pool, reads: database.reads, config, logger, tracing: tracing?.plugin, metrics }).listen({ port: config.port, reusePort: false });
  // LISTEN needs a session of its own: EVENTS_LISTEN_DATABASE_URL can name a direct (or
  // session-pooled) URL when DATABASE_URL goes through a transaction-mode pooler.
  const listen = config.events.listenDatabaseUrl ? await resolveConnection(config.events.listenDatabaseUrl) : database.connection;
  dispatcher = startEventDispatcher({ pool: database.pool, listen, settings: config.events, dataDir: config.dataDir, logger, metrics });
  logger.info({ port: app.server!.port }, `listening on http://localhost:${app.server!.port} (API reference at /openapi)`);
} catch (error) {
  logger.fatal(`cannot start: ${startupFailure(error)}`);
  await shutdown("startup failed", 1);
}

function startupFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  if (code === "EADDRINUSE" || /address already in use|EADDRINUSE/i.test(message)) {
    return `port ${config.port} is already in use (another server?): stop it or set PORT to a free port`;
  }
  return message;
}
