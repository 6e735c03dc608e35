// What both entries run beside their HTTP server (Bun's src/server.ts, Deno's src/deno.ts), so
// that neither runtime misses a piece: the admin bootstrap, the hourly housekeeping, the outbox.
import type { Config } from "./core/config.ts";
import type { Logger } from "./core/logger.ts";
import type { Metrics } from "./core/observability.ts";
import { resolveConnection } from "./db/connection.ts";
import type { Database } from "./db/database.ts";
import type pg from "pg";
import { prepared } from "./db/pool.ts";
import { pruneRateLimits } from "./db/queries/rate_limits.queries.ts";
import { closeSalesDays } from "./modules/analytics/service.ts";
import { ensureAdmin, pruneExpiredTokens } from "./modules/auth/service.ts";
import { startEventDispatcher } from "./modules/events/dispatcher.ts";
import { pruneExpiredKeys } from "./modules/orders/idempotency.ts";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Ensures the configured admin, starts the housekeeping (now, in the background, and hourly)
 * and the event dispatcher. `stop()` (after the HTTP drain) stops the housekeeping between two
 * steps and the dispatcher (≤ ~3 s: what it has not sent stays in the outbox).
 */
export async function startServices(database: Database, config: Config, logger: Logger, metrics: Metrics) {
  const db = prepared(database.pool);
  if (config.admin) {
    const admin = await ensureAdmin(db, config.admin.email, config.admin.password);
    logger.info(`admin ${admin.email} ensured`);
  }
  // LISTEN needs a session of its own: EVENTS_LISTEN_DATABASE_URL can name a direct (or
  // session-pooled) URL when DATABASE_URL goes through a transaction-mode pooler.
  const listen = config.events.listenDatabaseUrl ? await resolveConnection(config.events.listenDatabaseUrl) : database.connection;
  const dispatcher = startEventDispatcher({ pool: database.pool, listen, settings: config.events, dataDir: config.dataDir, logger, metrics });
  // Last, once nothing above can fail the start, and in the background: after a long downtime
  // the sales rollups have days to catch up on (~2 000 orders per transaction; two years of a
  // million orders took ~50 s).
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const housekeep = () => void (running ??= housekeeping(database.pool, logger, stopping.signal).finally(() => (running = undefined)));
  housekeep();
  const timer = setInterval(housekeep, HOUR_MS);
  (timer as { unref?: () => void }).unref?.(); // Bun's timers keep the process alive; Deno's is a number
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await Promise.all([running, dispatcher.stop()]);
    },
  };
}

/**
 * Idempotency keys past 24 hours, refresh tokens past their expiry, past rate-limit windows;
 * the days that are over into the sales rollups.
 */
async function housekeeping(pool: pg.Pool, logger: Logger, signal: AbortSignal) {
  const db = prepared(pool);
  try {
    await pruneExpiredKeys(db);
    await pruneExpiredTokens(db);
    await pruneRateLimits.run(undefined, db);
    const days = await closeSalesDays(pool, { signal });
    if (days > 0) logger.info({ days }, "sales rollups: closed days");
  } catch (error) {
    logger.error({ err: error }, "housekeeping failed");
  }
}
