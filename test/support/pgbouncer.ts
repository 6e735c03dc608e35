import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createScratchDir, findFreePort } from "../../src/db/embedded.ts";

/** PgBouncer's binary (Debian's package puts it in /usr/sbin, often off a user's PATH), or undefined. */
export const PGBOUNCER = Bun.which("pgbouncer") ?? ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((path) => existsSync(path));

/** [major, minor] of the installed PgBouncer: 1.21 is the first to carry named statements in transaction mode. */
export const PGBOUNCER_VERSION = (() => {
  const match = PGBOUNCER && /PgBouncer (\d+)\.(\d+)/.exec(Bun.spawnSync([PGBOUNCER, "--version"]).stdout.toString());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
})();

export const SKIP_WITHOUT_PGBOUNCER = "pgbouncer is not installed: skipped (apt-get install -y pgbouncer; .ci/run installs it)";

export interface PgBouncer {
  readonly port: number;
  /** `server` (a postgres:// URL) with its host and port replaced by PgBouncer's. */
  url(server: string): string;
  stop(): Promise<void>;
}

interface PgBouncerOptions {
  /** Any URL on the PostgreSQL to pool: its host, port, user and password are used. */
  server: string;
  mode: "session" | "transaction";
  poolSize?: number;
  /** e.g. { max_prepared_statements: 200 } on PgBouncer ≥ 1.21. */
  settings?: Record<string, string | number>;
}

/**
 * A real PgBouncer in front of `server`, every database passed through (`*`). server_login_retry
 * is 1 s (15 s by default): a database created after a first failed login is reachable sooner.
 */
export async function startPgBouncer({ server, mode, poolSize = 10, settings = {} }: PgBouncerOptions): Promise<PgBouncer> {
  if (!PGBOUNCER) throw new Error(SKIP_WITHOUT_PGBOUNCER);
  const target = new URL(server);
  const port = await findFreePort();
  const dir = createScratchDir("bookstore-pgbouncer-");
  const user = decodeURIComponent(target.username);
  const config = {
    listen_addr: "127.0.0.1",
    listen_port: port,
    unix_socket_dir: "",
    auth_type: "plain",
    auth_file: join(dir, "users.txt"),
    pool_mode: mode,
    default_pool_size: poolSize,
    max_client_conn: 500,
    server_login_retry: 1,
    ...settings,
  };
  const ini = [
    "[databases]",
    `* = host=${target.hostname} port=${target.port || 5432}`,
    "[pgbouncer]",
    ...Object.entries(config).map(([name, value]) => `${name} = ${value}`),
  ].join("\n");
  writeFileSync(join(dir, "users.txt"), `"${user}" "${decodeURIComponent(target.password)}"\n`);
  writeFileSync(join(dir, "pgbouncer.ini"), `${ini}\n`);
  for (const file of ["users.txt", "pgbouncer.ini"]) chmodSync(join(dir, file), 0o644);
  // PgBouncer refuses to run as root: as root it runs as the embedded PostgreSQL's user.
  const asRoot = process.getuid?.() === 0 ? ["-u", "postgres"] : [];
  const child: ChildProcess = spawn(PGBOUNCER, [...asRoot, join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!/listening on 127\.0\.0\.1:\d+/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`pgbouncer did not start:\n${output}`);
    }
    await Bun.sleep(20);
  }
  return {
    port,
    url(serverUrl) {
      const copy = new URL(serverUrl);
      copy.hostname = "127.0.0.1";
      copy.port = String(port);
      return copy.toString();
    },
    stop,
  };
}
