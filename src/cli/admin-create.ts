/** `bun run admin:create <email> <password>`: creates or promotes an admin (idempotent). */
import { Value } from "@sinclair/typebox/value";
import { loadConfig } from "../core/config.ts";
import { openDatabase } from "../db/database.ts";
import { prepared } from "../db/pool.ts";
import { RegisterBody } from "../modules/auth/model.ts";
import { ensureAdmin } from "../modules/auth/service.ts";

const [email, password] = process.argv.slice(2);
const credentials = { email, password };
// The same rules as registration.
if (!Value.Check(RegisterBody, credentials)) {
  console.error("usage: bun run admin:create <email> <password (8-128 characters)>");
  process.exit(2);
}
const database = await openDatabase(loadConfig(), () => {});
try {
  const admin = await ensureAdmin(prepared(database.pool), credentials.email, credentials.password);
  console.log(`admin ${admin.email} (id ${admin.id}) is ready`);
} finally {
  await database.close();
}
