/**
 * `bun run db:codegen`: compiles sql/*.sql into typed query modules in src/db/queries
 * against a throwaway, freshly migrated embedded PostgreSQL.
 * `bun run db:codegen --check`: generates into a temporary folder and fails when the
 * committed modules differ (stale against sql/ or the migrations).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createScratchDir, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { resolveConnection } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";

const root = resolve(import.meta.dir, "..");
const committedDir = join(root, "src/db/queries");
const check = process.argv.includes("--check");

const scratch = createScratchDir("bookstore-codegen-");
const database = await startEmbeddedPostgres({ dataDir: join(scratch, "pg"), persistent: false });
try {
  await migrate(await resolveConnection(database.url));
  const outDir = check ? join(scratch, "queries") : committedDir;
  const config = JSON.parse(readFileSync(join(root, "pgtyped.config.json"), "utf8"));
  config.transforms[0].emitTemplate = join(outDir, "{{name}}.queries.ts");
  config.srcDir = join(root, "sql");
  const configFile = join(scratch, "pgtyped.config.json");
  writeFileSync(configFile, JSON.stringify(config));
  await runPgtyped(configFile, new URL(database.url));
  if (check) compare(outDir, committedDir);
} finally {
  await database.stop();
  rmSync(scratch, { recursive: true, force: true });
}

async function runPgtyped(configFile: string, url: URL): Promise<void> {
  // Under Bun the pgtyped CLI crashes when given a URL: pass the PG* variables instead.
  const env: Record<string, string | undefined> = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.slice(1),
  };
  delete env.DATABASE_URL;
  delete env.PGURI;
  const proc = Bun.spawn([process.execPath, join(root, "node_modules/@pgtyped/cli/lib/index.js"), "-c", configFile], {
    cwd: root,
    env,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const output = out + err;
  // failOnError does not make the CLI exit non-zero (pgtyped #574): read its output.
  if (code !== 0 || /Error in query|Error processing/.test(output)) {
    console.error(output);
    throw new Error("pgtyped failed");
  }
  if (!check) process.stdout.write(output);
}

function compare(generatedDir: string, committed: string): void {
  const generated = readdirSync(generatedDir).sort();
  const existing = readdirSync(committed).filter((f) => f.endsWith(".queries.ts")).sort();
  const stale = [...new Set([...generated, ...existing])].filter((file) => {
    const read = (dir: string) => {
      try {
        return readFileSync(join(dir, file), "utf8");
      } catch {
        return undefined;
      }
    };
    return read(generatedDir) !== read(committed);
  });
  if (stale.length) {
    console.error(`Generated query modules are stale: ${stale.join(", ")}. Run \`bun run db:codegen\` and commit.`);
    process.exit(1);
  }
  console.log(`Generated query modules are current (${generated.length} files).`);
}
