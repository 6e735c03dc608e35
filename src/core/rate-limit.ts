import { createHash } from "node:crypto";
import { Elysia } from "elysia";
import type { Server } from "elysia/universal";
import type pg from "pg";
import { prepared } from "../db/pool.ts";
import { hitRateLimits } from "../db/queries/rate_limits.queries.ts";
import type { RateLimitSettings } from "./config.ts";
import { AppError } from "./errors.ts";

/** The socket's address of a request; the server passes Bun's, tests pass their own. */
export type ClientAddressResolver = (request: Request, server: Server | null) => string | undefined;

export const socketAddress: ClientAddressResolver = (request, server) => server?.requestIP(request)?.address;

/**
 * The client's address: the socket's, or with `trustProxy` hops in front the address the
 * outermost trusted proxy saw (the N-th of X-Forwarded-For from the right). Entries further
 * left were written by the client itself and are never believed.
 */
export function clientAddress(request: Request, socket: string | undefined, trustProxy: number): string {
  if (trustProxy > 0) {
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded) {
      const hops = forwarded.split(",").map((hop) => hop.trim()).filter(Boolean);
      const client = hops[Math.max(0, hops.length - trustProxy)];
      if (client) return client;
    }
  }
  return socket ?? "unknown";
}

type Action = "login" | "register" | "refresh";

interface Policy {
  name: "login" | "auth";
  quota: number;
  key: string;
}

const WINDOW_SECONDS = 60;

/**
 * `rateLimit: "login" | "register" | "refresh"` on a route counts the request in PostgreSQL
 * (one statement, shared by every API process) before its handler runs. Login is limited per
 * email and address (`login`) and, with register and refresh, per address (`auth`). Every
 * answer carries the IETF RateLimit-Policy / RateLimit headers; over a limit → 429 RATE_LIMITED
 * with Retry-After.
 */
export function rateLimitPlugin(pool: pg.Pool, settings: RateLimitSettings & { trustProxy: number; resolveAddress: ClientAddressResolver }) {
  const db = prepared(pool);
  const policyHeader = (policies: Policy[]) => policies.map((p) => `"${p.name}";q=${p.quota};w=${WINDOW_SECONDS}`).join(", ");
  return new Elysia({ name: "rate-limit" }).macro({
    rateLimit: (action: Action | false) => ({
      async beforeHandle({ request, server, body, set }: { request: Request; server: Server | null; body: unknown; set: { headers: Record<string, string | number> } }) {
        if (!action || !settings.enabled) return;
        const address = clientAddress(request, settings.resolveAddress(request, server), settings.trustProxy);
        const policies: Policy[] = [{ name: "auth", quota: settings.authPerMinute, key: `auth:${address}` }];
        if (action === "login") {
          const email = String((body as { email?: unknown }).email ?? "").toLowerCase();
          // The email is hashed: the table holds no addresses of users.
          const emailHash = createHash("sha256").update(email).digest("base64url").slice(0, 22);
          policies.unshift({ name: "login", quota: settings.loginPerMinute, key: `login:${emailHash}:${address}` });
        }
        const counts = await hitRateLimits.run({ keys: policies.map((p) => p.key).sort() }, db);
        const byKey = new Map(counts.map((row) => [row.key, row]));
        let exceeded: { policy: Policy; reset: number } | undefined;
        const remaining = policies.map((policy) => {
          const row = byKey.get(policy.key)!;
          if (row.hits > policy.quota && !exceeded) exceeded = { policy, reset: row.reset_seconds };
          return `"${policy.name}";r=${Math.max(0, policy.quota - row.hits)};t=${row.reset_seconds}`;
        });
        const headers = { "ratelimit-policy": policyHeader(policies), ratelimit: remaining.join(", ") };
        Object.assign(set.headers, headers);
        if (exceeded) {
          const retryAfter = String(Math.max(1, exceeded.reset));
          throw new AppError(429, "RATE_LIMITED", `Too many requests: try again in ${retryAfter} s`, undefined, undefined, {
            ...headers,
            "retry-after": retryAfter,
          });
        }
      },
    }),
  });
}
