/**
 * Three real API processes behind a real PgBouncer in transaction mode (Debian's 1.18: no
 * tracking of named statements), the database created and migrated through it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pg from "pg";
import { createTestDatabase } from "./support/cluster.ts";
import { CORE_ADMIN, roundRobinApi, runCheckoutRace, runCoreFlow } from "./support/core.ts";
import { PGBOUNCER, PGBOUNCER_VERSION, type PgBouncer, SKIP_WITHOUT_PGBOUNCER, startPgBouncer } from "./support/pgbouncer.ts";
import { type ServerProcess, startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

if (!PGBOUNCER) console.warn(`test/pgbouncer.test.ts: ${SKIP_WITHOUT_PGBOUNCER}`);
const [major = 0, minor = 0] = PGBOUNCER_VERSION ?? [];
const tracksNamedStatements = major > 1 || (major === 1 && minor >= 21);
if (PGBOUNCER && !tracksNamedStatements) {
  console.warn(`test/pgbouncer.test.ts: PgBouncer ${major}.${minor} < 1.21: named statements in transaction mode (max_prepared_statements) not tested`);
}

const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

describe.skipIf(!PGBOUNCER)("behind PgBouncer in transaction mode, 3 processes", () => {
  let bouncer: PgBouncer;
  let directUrl: string;
  let pooledUrl: string;
  let direct: pg.Pool;
  let servers: ServerProcess[] = [];
  const env = () => ({ DATABASE_URL: pooledUrl, EVENTS_LISTEN_DATABASE_URL: directUrl, JWT_SECRET: "pooled-secret-0123456789abcdefghij", ADMIN_EMAIL: CORE_ADMIN.email, ADMIN_PASSWORD: CORE_ADMIN.password, RATE_LIMIT_ENABLED: "false" });

  beforeAll(async () => {
    // A database that does not exist yet: the first start creates it through PgBouncer.
    const template = await createTestDatabase();
    directUrl = withDatabase(template, `${new URL(template).pathname.slice(1)}_pooled`);
    bouncer = await startPgBouncer({ server: template, mode: "transaction", poolSize: 8 });
    pooledUrl = bouncer.url(directUrl);
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await direct?.end();
    await bouncer?.stop();
    const admin = new pg.Client(withDatabase(directUrl, "postgres"));
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(directUrl).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  });

  test("three processes started at once: the database is created and migrated once, the admin ensured by each", async () => {
    servers = await Promise.all([0, 1, 2].map(() => startServerProcess({ env: env() })));
    const outputs = servers.map((server) => server.output());
    for (const output of outputs) {
      expect(output).toContain("transaction-mode pooler (detected");
      expect(output).toContain("unnamed statements");
      expect(output).toContain(`admin ${CORE_ADMIN.email} ensured`);
      expect(output).toContain("statement_timeout=1500ms, lock_timeout=1s, idle_in_transaction_session_timeout=10s");
    }
    expect(outputs.filter((output) => output.includes("migrations applied:"))).toHaveLength(1);
    direct = new pg.Pool({ connectionString: directUrl, max: 2 });
  });

  test("the server timeouts hold through the pooler: read back, and a long statement is cancelled after 1.5 s", async () => {
    const client = new pg.Client(pooledUrl);
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l, current_setting('idle_in_transaction_session_timeout') AS i",
      );
      expect(rows[0]).toEqual({ s: "1500ms", l: "1s", i: "10s" });
      const started = performance.now();
      const error = await client.query("SELECT pg_sleep(5)").catch((caught) => caught);
      expect(error.code).toBe("57014");
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await client.end();
    }
  });

  test("a locked row answers 503 DB_UNAVAILABLE after the 1 s lock_timeout, not a hang", async () => {
    const api = roundRobinApi(servers, direct);
    const admin = (await api.call("POST", "/auth/login", { body: CORE_ADMIN })).body.access_token;
    const book = await api.createBook(admin, {}, 5);
    const locker = await direct.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("SELECT 1 FROM books WHERE id = $1 FOR UPDATE", [book.id]);
      const started = performance.now();
      const reply = await api.call("PATCH", `/books/${book.id}/stock`, { token: admin, body: { quantity: 9 } });
      const elapsed = performance.now() - started;
      expect([reply.status, reply.body.code]).toEqual([503, "DB_UNAVAILABLE"]);
      expect(elapsed).toBeGreaterThan(900);
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      await locker.query("ROLLBACK");
      locker.release();
    }
  });

  test("the core of the API, every request on the next process", async () => {
    await runCoreFlow(roundRobinApi(servers, direct));
  });

  test("30 buyers racing for 7 copies across the processes: 7 orders, 23 × 409, no 5xx", async () => {
    await runCheckoutRace(roundRobinApi(servers, direct), 30, 7);
  });

  test("600 concurrent book and catalog reads across the processes: all 200 (no prepared-statement clashes)", async () => {
    const api = roundRobinApi(servers, direct);
    const admin = (await api.call("POST", "/auth/login", { body: CORE_ADMIN })).body.access_token;
    const book = await api.createBook(admin, { title: "Read a lot" }, 1);
    const replies = await Promise.all(
      Array.from({ length: 600 }, (_, i) => api.call("GET", i % 3 ? `/books/${book.id}` : "/books?q=Read%20a%20lot")),
    );
    expect(replies.filter((reply) => reply.status !== 200).map((reply) => reply.body)).toEqual([]);
  });

  test("a restarted process starts again (schema up to date, admin ensured)", async () => {
    await servers[2]!.stop();
    servers[2] = await startServerProcess({ env: env() });
    expect(servers[2].output()).toContain("migrations: schema up to date");
    await runCoreFlow(roundRobinApi(servers, direct));
  });

  test("session mode (DB_POOLER=session: named statements), and migrations over a session pool", async () => {
    const session = await startPgBouncer({ server: directUrl, mode: "session" });
    const extra: ServerProcess[] = [];
    try {
      const sessionUrl = session.url(directUrl);
      extra.push(
        ...(await Promise.all([
          startServerProcess({ env: { ...env(), DATABASE_URL: sessionUrl, DB_POOLER: "session" } }),
          startServerProcess({ env: { ...env(), MIGRATION_DATABASE_URL: sessionUrl } }),
        ])),
      );
      expect(extra[0]!.output()).toContain("session-mode pooler (DB_POOLER): server timeouts set on the database, named statements");
      expect(extra[0]!.output()).toContain("statement_timeout=1500ms, lock_timeout=1s, idle_in_transaction_session_timeout=10s");
      expect(extra[1]!.output()).toContain("listening on");
      await runCoreFlow(roundRobinApi([...extra, servers[0]!], direct));
    } finally {
      await Promise.all(extra.map((server) => server.stop()));
      await session.stop();
    }
  });

  test.skipIf(!tracksNamedStatements)("PgBouncer >= 1.21 with max_prepared_statements: named statements in transaction mode", async () => {
    const tracking = await startPgBouncer({ server: directUrl, mode: "transaction", settings: { max_prepared_statements: 200 } });
    const extra: ServerProcess[] = [];
    try {
      const named = { ...env(), DATABASE_URL: tracking.url(directUrl), DB_POOLER: "transaction", DB_PREPARED_STATEMENTS: "true" };
      extra.push(...(await Promise.all([startServerProcess({ env: named }), startServerProcess({ env: named })])));
      expect(extra[0]!.output()).toContain("transaction-mode pooler (DB_POOLER): server timeouts set on the database, named statements");
      const api = roundRobinApi(extra, direct);
      await runCoreFlow(api);
      const replies = await Promise.all(Array.from({ length: 300 }, () => api.call("GET", "/books?q=Read%20a%20lot")));
      expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    } finally {
      await Promise.all(extra.map((server) => server.stop()));
      await tracking.stop();
    }
  });

  test("a PgBouncer that drops the startup parameters (ignore_startup_parameters) is detected too", async () => {
    const lenient = await startPgBouncer({
      server: directUrl,
      mode: "transaction",
      settings: { ignore_startup_parameters: "statement_timeout,lock_timeout,idle_in_transaction_session_timeout" },
    });
    try {
      // The database's own settings (set by the first start) are what it reads: only their source tells.
      const server = await startServerProcess({ env: { ...env(), DATABASE_URL: lenient.url(directUrl) } });
      expect(server.output()).toContain("transaction-mode pooler (detected");
      expect(server.output()).toContain("unnamed statements");
      await runCoreFlow(roundRobinApi([server], direct));
      await server.stop();
    } finally {
      await lenient.stop();
    }
  });

  test("the migration lock: a start waits for another's migration, or fails within MIGRATION_LOCK_TIMEOUT_SECONDS", async () => {
    const holder = await direct.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(7010001)");
      const started = performance.now();
      const refused = await startServerProcess({ env: { ...env(), MIGRATION_LOCK_TIMEOUT_SECONDS: "1" }, waitUntilListening: false });
      expect(await refused.exited).toBe(1);
      expect(performance.now() - started).toBeLessThan(8_000);
      expect(refused.output()).toContain("another process has been migrating for more than 1 s");

      const waiting = startServerProcess({ env: { ...env(), MIGRATION_LOCK_TIMEOUT_SECONDS: "20" } });
      await Bun.sleep(1_500);
      await holder.query("COMMIT");
      const waited = await waiting;
      expect(waited.output()).toContain("listening on");
      await waited.stop();
    } finally {
      await holder.query("ROLLBACK").catch(() => {});
      holder.release();
    }
  });
});
