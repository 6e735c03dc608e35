import pg from "pg";
import { resolveConnection } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";

/** What bench/run.ts hands a scenario that seeds databases of its own (catalog, analytics). */
export interface Setup {
  quick: boolean;
  /** The benchmark's database URL; a scenario's databases are created beside it. */
  databaseUrl: string;
  admin: pg.Client;
  jwtSecret: string;
  startApi: (databaseUrl: string) => Promise<{ url: string }>;
  log: (line: string) => void;
}

/** A fresh, migrated database `name` beside the benchmark's, with a client on it free of the statement timeout (for seeding). */
export async function freshDatabase(setup: Setup, name: string): Promise<{ url: string; client: pg.Client }> {
  await setup.admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await setup.admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(setup.databaseUrl);
  url.pathname = `/${name}`;
  const connection = await resolveConnection(url.toString());
  await migrate(connection);
  const client = new pg.Client(connection.pg);
  await client.connect();
  await client.query("SET statement_timeout = 0");
  return { url: url.toString(), client };
}
