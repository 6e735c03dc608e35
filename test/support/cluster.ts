import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createScratchDir, type EmbeddedPostgresHandle, startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { resolveConnection } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";

/**
 * One PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL), one migrated template
 * database, and a fresh clone of it for every test file: cloning takes milliseconds.
 */
interface Cluster {
  serverUrl: URL;
  template: string;
  created: string[];
  stop(): Promise<void>;
}

let cluster: Cluster | undefined;

const withDatabase = (url: URL, name: string) => {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
};

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client((await resolveConnection(cluster!.serverUrl.toString())).pg);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startTestCluster(): Promise<void> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let scratch: string | undefined;
  let serverUrl: URL;
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = new URL(process.env.TEST_DATABASE_URL);
  } else {
    scratch = createScratchDir("bookstore-test-");
    embedded = await startEmbeddedPostgres({ dataDir: join(scratch, "pg"), persistent: false });
    serverUrl = new URL(embedded.url);
  }
  const template = `bookstore_test_template_${process.pid}`;
  cluster = {
    serverUrl,
    template,
    created: [],
    async stop() {
      if (!embedded) for (const name of [...this.created, template]) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await embedded?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
  await migrate(await resolveConnection(withDatabase(serverUrl, template))); // dbmate creates the database
}

export const stopTestCluster = () => cluster?.stop();

let counter = 0;

/** A new database cloned from the migrated template; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  if (!cluster) throw new Error("test cluster not started: is test/support/preload.ts preloaded (bunfig.toml)?");
  const name = `bookstore_test_${process.pid}_${++counter}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${cluster.template}`);
  cluster.created.push(name);
  return withDatabase(cluster.serverUrl, name);
}
