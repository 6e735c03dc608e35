/**
 * Load generator process for the API (started by bench/run.ts, prints one JSON line):
 *   purchase: each virtual user adds its books to the cart, then checks out.
 *   get:      each virtual user GETs a path (fallback when wrk is not installed).
 */
import { closedLoop } from "./stats.ts";

interface Input {
  mode: "purchase" | "get";
  baseUrl: string;
  users: { token: string; bookIds: number[] }[];
  path?: string;
  warmupMs: number;
  durationMs: number;
}

const input = JSON.parse(process.argv[2]!) as Input;

async function post(path: string, token: string, body: string): Promise<number> {
  const response = await fetch(`${input.baseUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const result = await closedLoop(input.users.length, input.warmupMs, input.durationMs, async (vu) => {
  const { token, bookIds } = input.users[vu]!;
  if (input.mode === "get") {
    const response = await fetch(`${input.baseUrl}${input.path}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return { ok: response.ok };
  }
  let ok = true;
  for (const bookId of bookIds) ok = (await post("/cart/items", token, `{"book_id":${bookId},"quantity":1}`)) === 201 && ok;
  const began = performance.now();
  ok = (await post("/orders/checkout", token, "{}")) === 201 && ok;
  return { ok, checkoutMs: performance.now() - began };
});
console.log(JSON.stringify(result));
