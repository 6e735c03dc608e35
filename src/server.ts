import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./core/config.ts";
import { createLogger, flushLogs } from "./core/logger.ts";
import type { Tracing } from "./core/tracing.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { createMetrics } from "./core/observability.ts";
import { startServices } from "./service.ts";

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
let services: Awaited<ReturnType<typeof startServices>> | undefined;
let stopping = false;

/**
 * Stop accepting, let in-flight requests finish, stop the services (the event dispatcher: ≤ ~3 s,
 * what it has not sent stays in the outbox), close the pool, stop an embedded PostgreSQL.
 */
async function shutdown(reason: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, `${reason}: finishing in-flight requests`);
  await app?.stop();
  // The tracing plugin ends a request's span in a setImmediate after its response: one turn lets those run.
  await new Promise((resolve) => setImmediate(resolve));
  await services?.stop();
  await database?.close();
  await tracing?.shutdown().catch((error) => logger.warn({ err: error }, "traces not exported"));
  log("stopped");
  await flushLogs(logger);
  process.exit(code);
}

// Installed before the embedded PostgreSQL starts, so that it leaves these signals to us: the
// server drains requests and closes the pool first, then stops the database.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));

try {
  if (config.otlpEndpoint) {
    // Imported only here: without an endpoint no OpenTelemetry code is loaded.
    tracing = await (await import("./core/tracing.ts")).startTracing(config.otlpEndpoint);
    log("traces exported over OTLP/HTTP");
  }
  database = await openDatabase(config, log);
  const metrics = createMetrics(database.pool);
  services = await startServices(database, config, logger, metrics);
  // Elysia asks for SO_REUSEPORT by default, which lets a second server on the same port
  // silently take half of the requests: a port in use must stop this one instead.
  app = createApp({ pool: database.pool, reads: database.reads, config, logger, tracing: tracing?.plugin, metrics, observe: process.env.BENCH_WITHOUT_OBSERVABILITY !== "true" }).listen({ port: config.port, reusePort: false });
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
