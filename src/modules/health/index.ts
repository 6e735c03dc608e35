import { Elysia, t } from "elysia";
import type pg from "pg";
import type { Reads } from "../../db/replicas.ts";

/** Only with DATABASE_REPLICA_URL: all replicas answer, some, or none (reads then go to the primary). */
const Replica = t.Optional(t.Union([t.Literal("ok"), t.Literal("degraded"), t.Literal("unavailable")]));
const Healthy = t.Object({ status: t.Literal("ok"), db: t.Literal("ok"), replica: Replica });
const Unhealthy = t.Object({
  status: t.Literal("error"),
  db: t.Literal("unavailable"),
  code: t.Literal("DB_UNAVAILABLE"),
  detail: t.String(),
});

export const healthModule = (pool: pg.Pool, reads: Reads) =>
  new Elysia({ name: "health" }).get(
    "/health",
    async ({ status }) => {
      try {
        const [replica] = await Promise.all([reads.status(), pool.query("SELECT 1")]);
        return { status: "ok" as const, db: "ok" as const, ...(replica ? { replica } : {}) };
      } catch {
        return status(503, {
          status: "error" as const,
          db: "unavailable" as const,
          code: "DB_UNAVAILABLE" as const,
          detail: "Database unavailable",
        });
      }
    },
    {
      response: { 200: Healthy, 503: Unhealthy },
      detail: { tags: ["service"], summary: "Liveness and database (and replica) reachability" },
    },
  );
