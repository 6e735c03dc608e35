// Writes the OpenAPI document to a file (or stdout), without a database or a socket:
// `bun run openapi:lint` lints it with Redocly, client generators read it from here too.
import { writeFileSync } from "node:fs";
import pg from "pg";
import { createApp } from "../src/app.ts";
import { createLogger } from "../src/core/logger.ts";

// The pool is never used: building the document runs no query.
const pool = new pg.Pool();
const app = createApp({
  pool,
  config: { jwtSecret: "x".repeat(32), accessTokenTtlSeconds: 900, refreshTokenTtlDays: 7, paymentDeclineRate: 0 },
  logger: createLogger({ level: "silent" }),
});
const text = await (await app.handle(new Request("http://localhost/openapi/json"))).text();
const file = process.argv[2];
if (file) writeFileSync(file, text);
else process.stdout.write(text);
await pool.end();
