import { Elysia, t } from "elysia";
import type pg from "pg";

const Healthy = t.Object({ status: t.Literal("ok"), db: t.Literal("ok") });
const Unhealthy = t.Object({
  status: t.Literal("error"),
  db: t.Literal("unavailable"),
  code: t.Literal("DB_UNAVAILABLE"),
  detail: t.String(),
});

export const healthModule = (pool: pg.Pool) =>
  new Elysia({ name: "health" }).get(
    "/health",
    async ({ status }) => {
      try {
        await pool.query("SELECT 1");
        return { status: "ok" as const, db: "ok" as const };
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
      detail: { tags: ["service"], summary: "Liveness and database reachability" },
    },
  );
