import type pg from "pg";
import { type Db, prepared } from "./pool.ts";
import { isDatabaseUnavailable } from "./transaction.ts";

/**
 * Where the reads that tolerate a replica go (the catalog's list, search and book lookups). A
 * client's own write is visible to its next read because the primary commits writes with
 * `synchronous_commit = remote_apply` (src/db/database.ts): a commit returns only once every
 * synchronous standby has applied it. Without replicas, reads are the primary itself: nothing
 * is added on that path.
 */
export interface Reads {
  /** A connection for one request's reads: one replica in turn, or the primary. */
  pick(): Db;
  /** Per replica: does it answer? Undefined without replicas. */
  status(): Promise<ReplicaStatus | undefined>;
}

export type ReplicaStatus = "ok" | "degraded" | "unavailable";

export function primaryReads(primary: pg.Pool): Reads {
  const db = prepared(primary);
  return { pick: () => db, status: async () => undefined };
}

/**
 * Round robin over the replicas. A replica that cannot serve (down, recovery conflict) hands the
 * statement to the primary, so a lost replica costs latency, not errors.
 */
export function replicaReads(primary: pg.Pool, replicas: pg.Pool[]): Reads {
  const fallback = prepared(primary);
  const targets = replicas.map((pool) => {
    const db = prepared(pool);
    return {
      query: (text: string, values: unknown[]) =>
        db.query(text, values).catch((error) => {
          if (isDatabaseUnavailable(error) || (error as { code?: string }).code === "40001") return fallback.query(text, values);
          throw error;
        }),
    } satisfies Db;
  });
  let next = 0;
  return {
    pick: () => targets[next++ % targets.length]!,
    async status() {
      const answers = await Promise.all(replicas.map((pool) => pool.query("SELECT 1").then(() => true, () => false)));
      const up = answers.filter(Boolean).length;
      return up === replicas.length ? "ok" : up === 0 ? "unavailable" : "degraded";
    },
  };
}
