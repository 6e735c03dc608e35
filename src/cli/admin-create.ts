/** `bun run admin:create <email> <password>`: creates or promotes an admin (idempotent). */
import { loadConfig } from "../core/config.ts";
import { openDatabase } from "../db/database.ts";
import { prepared } from "../db/pool.ts";
import { ensureAdmin } from "../modules/auth/service.ts";

const [email, password] = process.argv.slice(2);
if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !password || password.length < 8 || password.length > 128) {
  console.error("usage: bun run admin:create <email> <password (8-128 characters)>");
  process.exit(2);
}
const database = await openDatabase(loadConfig(), () => {});
try {
  const admin = await ensureAdmin(prepared(database.pool), email, password);
  console.log(`admin ${admin.email} (id ${admin.id}) is ready`);
} finally {
  await database.close();
}
