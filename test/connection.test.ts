import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { type Connection, ConnectionError, resolveConnection } from "../src/db/connection.ts";
import { createScratchDir, type EmbeddedPostgresHandle, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { createPool } from "../src/db/pool.ts";
import { startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

// DATABASE_URL's sslmode, as libpq reads it, against a real PostgreSQL without TLS and one with
// TLS (a certificate authority and server certificate made here with openssl).
const scratch = createScratchDir("bookstore-tls-test-");
let plain: EmbeddedPostgresHandle;
let tls: EmbeddedPostgresHandle;

const openssl = (...args: string[]) => {
  const result = Bun.spawnSync(["openssl", ...args], { cwd: scratch, stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr.toString()}`);
};

function makeCertificates() {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-days", "2", "-subj", "/CN=Bookstore Test CA", "-keyout", "ca.key", "-out", "ca.crt");
  openssl("req", "-x509", ...ec, "-days", "2", "-subj", "/CN=Some Other CA", "-keyout", "other-ca.key", "-out", "other-ca.crt");
  openssl("req", ...ec, "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr");
  // Valid for 127.0.0.1 only: 127.0.0.2 reaches the same server under a name the certificate lacks.
  Bun.write(join(scratch, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
}

const urlWith = (base: string, query: string, { host = "127.0.0.1", database = "postgres" } = {}) => {
  const url = new URL(base);
  url.hostname = host;
  url.pathname = `/${database}`;
  url.search = query;
  return url.toString();
};

/** Whether the session this connection opens is encrypted, as PostgreSQL sees it. */
async function usesTls(connection: Connection): Promise<boolean> {
  const client = new pg.Client(connection.pg);
  await client.connect();
  try {
    return (await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).rows[0].ssl;
  } finally {
    await client.end();
  }
}

/** Migrates through this connection, then runs a query on a pool over it. */
async function migrateAndQuery(connection: Connection) {
  await migrate(connection);
  const pool = createPool(connection, 1);
  try {
    expect((await pool.query("SELECT count(*)::int AS n FROM books")).rows[0].n).toBe(0);
  } finally {
    await pool.end();
  }
}

const refusal = async (url: string) => {
  try {
    await resolveConnection(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionError);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
};

beforeAll(async () => {
  makeCertificates();
  plain = await startEmbeddedPostgres({ dataDir: join(scratch, "plain"), persistent: false });
  tls = await startEmbeddedPostgres({
    dataDir: join(scratch, "tls"),
    persistent: false,
    settings: ["ssl=on", "ssl_cert_file=server.crt", "ssl_key_file=server.key", "listen_addresses=127.0.0.1,127.0.0.2"],
    beforeFirstStart(dataDir, owner) {
      for (const file of ["server.crt", "server.key"]) {
        copyFileSync(join(scratch, file), join(dataDir, file));
        chmodSync(join(dataDir, file), 0o600);
        if (owner) chownSync(join(dataDir, file), owner.uid, owner.gid);
      }
    },
  });
});
afterAll(async () => {
  await plain?.stop();
  await tls?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("a server without TLS", () => {
  test("a plain URL (no sslmode: prefer) connects without TLS, and migrations run on it", async () => {
    const connection = await resolveConnection(urlWith(plain.url, "", { database: "plain_app" }));
    await migrateAndQuery(connection); // creates the database, then dbmate applies every migration
    expect(await usesTls(connection)).toBe(false);
  });

  test("sslmode=disable and sslmode=allow connect without TLS", async () => {
    for (const mode of ["disable", "allow"]) {
      expect(await usesTls(await resolveConnection(urlWith(plain.url, `?sslmode=${mode}`)))).toBe(false);
    }
  });

  test("sslmode=require (and verify-full) stop with one line naming DATABASE_URL and what to change", async () => {
    const message = await refusal(urlWith(plain.url, "?sslmode=require"));
    expect(message).toStartWith("DATABASE_URL has sslmode=require");
    expect(message).toContain("does not accept TLS");
    expect(message).toContain("sslmode=disable");
    expect(message).not.toContain("\n");
    expect(await refusal(urlWith(plain.url, `?sslmode=verify-full&sslrootcert=${join(scratch, "ca.crt")}`))).toContain(
      "does not accept TLS",
    );
  });

  test("an unknown sslmode, or a missing sslrootcert file, is refused before connecting", async () => {
    expect(await refusal(urlWith(plain.url, "?sslmode=bogus"))).toContain("expected one of disable, allow, prefer");
    expect(await refusal(urlWith(plain.url, "?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"))).toContain(
      "sslrootcert file /nonexistent/ca.pem does not exist",
    );
  });

  test("`bun start` with sslmode=require against it exits 1 with that one line, within seconds", async () => {
    const started = performance.now();
    const server = await startServerProcess({
      env: { DATABASE_URL: urlWith(plain.url, "?sslmode=require"), JWT_SECRET: "x".repeat(32) },
      waitUntilListening: false,
    });
    expect(await server.exited).toBe(1);
    expect(performance.now() - started).toBeLessThan(10_000);
    const errorLines = server.output().split("\n").filter((line) => line.includes("cannot start"));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain("DATABASE_URL has sslmode=require");
    expect(server.output()).not.toContain("postgres:postgres"); // no credentials echoed
  });

  test("`bun start` with a plain DATABASE_URL serves", async () => {
    const server = await startServerProcess({ env: { DATABASE_URL: urlWith(plain.url, "", { database: "plain_server" }), JWT_SECRET: "x".repeat(32) } });
    try {
      expect((await fetch(`${server.base}/health`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("a server with TLS", () => {
  const ca = () => join(scratch, "ca.crt");

  test("no sslmode (prefer) and sslmode=require encrypt", async () => {
    expect(await usesTls(await resolveConnection(urlWith(tls.url, "")))).toBe(true);
    expect(await usesTls(await resolveConnection(urlWith(tls.url, "?sslmode=require")))).toBe(true);
  });

  test("sslmode=verify-full with its CA encrypts, and migrations (dbmate) verify the same way", async () => {
    const connection = await resolveConnection(urlWith(tls.url, `?sslmode=verify-full&sslrootcert=${ca()}`, { database: "tls_app" }));
    expect(connection.dbmateUrl).toContain("sslmode=verify-full");
    await migrateAndQuery(connection);
    expect(await usesTls(connection)).toBe(true);
  });

  test("verify-full refuses a certificate from another CA, and a host name the certificate does not name", async () => {
    expect(await refusal(urlWith(tls.url, `?sslmode=verify-full&sslrootcert=${join(scratch, "other-ca.crt")}`))).toStartWith(
      "DATABASE_URL: cannot connect to 127.0.0.1",
    );
    expect(await refusal(urlWith(tls.url, `?sslmode=verify-full&sslrootcert=${ca()}`, { host: "127.0.0.2" }))).toContain("127.0.0.2");
  });

  test("verify-ca checks the chain but not the host name", async () => {
    expect(await usesTls(await resolveConnection(urlWith(tls.url, `?sslmode=verify-ca&sslrootcert=${ca()}`, { host: "127.0.0.2" })))).toBe(true);
    await refusal(urlWith(tls.url, `?sslmode=verify-ca&sslrootcert=${join(scratch, "other-ca.crt")}`));
  });

  test("sslmode=disable connects without TLS", async () => {
    expect(await usesTls(await resolveConnection(urlWith(tls.url, "?sslmode=disable")))).toBe(false);
  });
});
