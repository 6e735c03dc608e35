/**
 * `bun run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
 * PostgreSQL in .data/postgres when it is unset.
 * `bun run db:new <name>`: creates db/migrations/<timestamp>_<name>.sql.
 */
import { resolveBinary } from "dbmate";
import { loadConfig } from "../src/core/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { MIGRATIONS_DIR } from "../src/db/migrate.ts";

const [command, name] = process.argv.slice(2);
if (command === "new") {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: bun run db:new <snake_case_name>");
    process.exit(2);
  }
  const proc = Bun.spawn([resolveBinary(), "--migrations-dir", MIGRATIONS_DIR, "new", name], { stdout: "inherit", stderr: "inherit" });
  process.exit(await proc.exited);
} else {
  const database = await openDatabase(loadConfig(), (line) => console.log(line));
  await database.close();
  console.log("migrations applied");
}
