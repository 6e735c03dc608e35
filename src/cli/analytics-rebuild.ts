/**
 * `bun run analytics:rebuild`: rolls every closed day up again from the orders, after orders
 * were written into closed days around checkout (a bulk import). Safe while the API serves:
 * it takes the closing's lock, a few thousand orders per transaction.
 */
import { loadConfig } from "../core/config.ts";
import { openDatabase } from "../db/database.ts";
import { rebuildSalesRollups } from "../modules/analytics/service.ts";

if (process.argv.length > 2) {
  console.error("usage: bun run analytics:rebuild (no arguments)");
  process.exit(2);
}
const database = await openDatabase(loadConfig(), () => {});
try {
  const days = await rebuildSalesRollups(database.pool);
  console.log(`sales rolled up again: ${days} days closed`);
} finally {
  await database.close();
}
