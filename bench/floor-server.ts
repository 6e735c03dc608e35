/**
 * The floor for GET /books/{id}: a minimal Elysia app doing the same one query on the same
 * pool settings, with none of the API's validation, errors or schemas.
 */
import { Elysia } from "elysia";
import { resolveConnection } from "../src/db/connection.ts";
import { createPool } from "../src/db/pool.ts";

const pool = createPool(await resolveConnection(process.env.DATABASE_URL!), Number(process.env.DB_POOL_MAX ?? 10));

new Elysia()
  .get("/books/:id", async ({ params }) => {
    const { rows } = await pool.query({ name: "floor_find_book", text: "SELECT * FROM books WHERE id = $1", values: [Number(params.id)] });
    return rows[0];
  })
  .listen({ port: Number(process.env.PORT), hostname: "127.0.0.1" });
