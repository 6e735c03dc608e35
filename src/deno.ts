// Deno entry (`deno task start`): the same createApp as src/server.ts, served by Deno.serve.
// DATABASE_URL is required here (the embedded PostgreSQL is Bun's convenience); migrations run
// first, as under Bun. Settings, logs and error envelopes are the same as under Bun.
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./core/config.ts";
import { createLogger, flushLogs } from "./core/logger.ts";
import { createMetrics } from "./core/observability.ts";
import { openDatabase } from "./db/database.ts";
import { startServices } from "./service.ts";

/** The part of Deno's API this entry uses (typechecked with Bun's types, which have no Deno). */
declare const Deno: {
  serve(
    options: { port: number; hostname?: string; onListen?: (address: { port: number }) => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> };
  addSignalListener(signal: "SIGTERM" | "SIGINT", handler: () => void): void;
  exit(code: number): never;
};

const production = process.env.NODE_ENV === "production";
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError("DATABASE_URL is required under Deno (no embedded PostgreSQL)");
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  createLogger({ production }).fatal(`configuration error: ${error.message}`);
  Deno.exit(1);
}
const logger = createLogger({ level: config.logLevel, production });

try {
  // The Bun server's own database setup: migrations, the pool, replicas and pooler detection.
  const database = await openDatabase(config, (line) => logger.info(line));
  const { pool } = database;
  const metrics = createMetrics(pool);
  // The admin, the hourly housekeeping and the outbox's dispatcher, as under Bun (src/service.ts).
  const services = await startServices(database, config, logger, metrics);

  // The socket address of each request, for rate limits: Deno hands it to the handler.
  const addresses = new WeakMap<Request, string>();
  const app = createApp({ pool, reads: database.reads, config, logger, metrics, resolveAddress: (request) => addresses.get(request) });
  const server = Deno.serve(
    { port: config.port, onListen: ({ port }) => logger.info({ port }, `listening on http://localhost:${port} (Deno)`) },
    (request, info) => {
      addresses.set(request, info.remoteAddr.hostname);
      return app.fetch(request);
    },
  );
  const stop = async (signal: string) => {
    logger.info({ reason: signal }, `${signal}: finishing in-flight requests`);
    await server.shutdown();
    await services.stop();
    await database.close();
    logger.info("stopped");
    await flushLogs(logger);
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", () => void stop("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => void stop("SIGINT"));
} catch (error) {
  logger.fatal(`cannot start: ${(error as Error).message}`);
  await flushLogs(logger);
  Deno.exit(1);
}
