import { spawnSync } from "node:child_process";
import { chownSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createScratchDir, type EmbeddedPostgresHandle, startEmbeddedPostgres } from "../../src/db/embedded.ts";

export interface ReplicatedCluster {
  primary: EmbeddedPostgresHandle;
  standby: EmbeddedPostgresHandle;
  /** Stops the standby only (the primary keeps serving). */
  stopStandby(): Promise<void>;
  stop(): Promise<void>;
}

const STANDBY_NAME = "standby1";

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`replication: ${what} did not happen within ${timeoutMs / 1000} s`);
    await Bun.sleep(50);
  }
}

/**
 * An embedded primary and a streaming hot standby of it. The embedded binaries have no
 * pg_basebackup: the standby is a copy of the primary's data directory taken between
 * pg_backup_start() and pg_backup_stop() (a non-exclusive base backup: its backup_label is
 * written into the copy), plus standby.signal and primary_conninfo. A physical replication
 * slot keeps the WAL the standby has not received. `synchronous`: the standby is named in
 * synchronous_standby_names once it streams, so remote_apply waits for it.
 */
export async function startReplicatedCluster({ synchronous = true } = {}): Promise<ReplicatedCluster> {
  const scratch = createScratchDir("bookstore-replication-");
  const primary = await startEmbeddedPostgres({ dataDir: join(scratch, "primary"), persistent: false, settings: ["wal_level=replica", "max_wal_senders=5"] });
  let standby: EmbeddedPostgresHandle | undefined;
  try {
    const standbyDir = join(scratch, "standby");
    await withClient(primary.url, async (client) => {
      await client.query("SELECT pg_create_physical_replication_slot($1, true)", [STANDBY_NAME]);
      await client.query("SELECT pg_backup_start('standby', true)");
      // cp -a keeps owners and modes (as root, the postgres user's 0700 data directory).
      const copied = spawnSync("cp", ["-a", primary.dataDir, standbyDir]);
      if (copied.status !== 0) throw new Error(`replication: copying the data directory failed: ${copied.stderr}`);
      const { rows } = await client.query<{ labelfile: string }>("SELECT labelfile FROM pg_backup_stop(false)");
      writeOwnedLike(standbyDir, "backup_label", rows[0]!.labelfile);
    });
    // What a base backup leaves out: the primary's lock file, its WAL (streamed instead), its slots.
    for (const file of ["postmaster.pid", "postmaster.opts"]) rmSync(join(standbyDir, file), { force: true });
    for (const entry of readdirSync(join(standbyDir, "pg_wal"))) {
      if (entry !== "archive_status") rmSync(join(standbyDir, "pg_wal", entry), { recursive: true, force: true });
    }
    for (const entry of readdirSync(join(standbyDir, "pg_replslot"))) rmSync(join(standbyDir, "pg_replslot", entry), { recursive: true, force: true });
    writeOwnedLike(standbyDir, "standby.signal", "");
    const port = new URL(primary.url).port;
    standby = await startEmbeddedPostgres({
      dataDir: standbyDir,
      persistent: false,
      settings: [
        `primary_conninfo=host=127.0.0.1 port=${port} user=postgres password=postgres application_name=${STANDBY_NAME}`,
        `primary_slot_name=${STANDBY_NAME}`,
        "hot_standby=on",
      ],
    });
    await withClient(primary.url, async (client) => {
      const state = async () => (await client.query("SELECT sync_state FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'", [STANDBY_NAME])).rows[0]?.sync_state;
      await until("streaming", async () => (await state()) !== undefined);
      if (!synchronous) return;
      await client.query(`ALTER SYSTEM SET synchronous_standby_names = '${STANDBY_NAME}'`);
      await client.query("SELECT pg_reload_conf()");
      await until("synchronous standby", async () => (await state()) === "sync");
    });
  } catch (error) {
    await standby?.stop();
    await primary.stop();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const stopStandby = () => standby!.stop();
  return {
    primary,
    standby,
    stopStandby,
    async stop() {
      await stopStandby();
      await primary.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A file in a data directory, owned like the directory (as root: by postgres). */
function writeOwnedLike(dir: string, name: string, content: string): void {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  const { uid, gid } = statSync(dir);
  chownSync(path, uid, gid);
}
