import { cors } from "@elysiajs/cors";
import type { Config } from "./config.ts";

/**
 * CORS for the browser origins of CORS_ORIGINS (unset: the plugin is not loaded and no response
 * carries CORS headers). Preflights allow the methods and request headers the API uses; the
 * response headers a front-end needs are exposed.
 */
export function corsPlugin(origins: NonNullable<Config["corsOrigins"]>) {
  return cors({
    origin: origins === "*" ? true : origins,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
    exposeHeaders: ["Link", "Retry-After", "Idempotent-Replayed", "X-Request-Id", "RateLimit", "RateLimit-Policy"],
    credentials: false,
    maxAge: 600,
  });
}
