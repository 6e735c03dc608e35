/**
 * Load generator process for the API (started by bench/run.ts, prints one JSON line):
 *   purchase: each virtual user adds its books to the cart, then checks out;
 *   cancel:   a purchase, then the buyer cancels that order;
 *   get:      each virtual user GETs a path (when wrk is not installed).
 * One keep-alive connection per virtual user.
 */
import { KeepAliveConnection } from "./http-client.ts";
import { closedLoop } from "./stats.ts";

interface Input {
  mode: "purchase" | "cancel" | "get";
  baseUrl: string;
  users: { token: string; bookIds: number[] }[];
  path?: string;
  warmupMs: number;
  durationMs: number;
}

const input = JSON.parse(process.argv[2]!) as Input;

/** Each virtual user's connection and its requests, encoded once. */
const users = await Promise.all(
  input.users.map(async ({ token, bookIds }) => {
    const connection = await KeepAliveConnection.open(input.baseUrl);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    return {
      connection,
      headers,
      get: connection.encode("GET", input.path ?? "/", headers),
      adds: bookIds.map((bookId) => connection.encode("POST", "/cart/items", headers, `{"book_id":${bookId},"quantity":1}`)),
      checkout: connection.encode("POST", "/orders/checkout", headers, "{}"),
    };
  }),
);

const result = await closedLoop(users.length, input.warmupMs, input.durationMs, async (vu) => {
  const { connection, headers, get, adds, checkout } = users[vu]!;
  if (input.mode === "get") return { ok: (await connection.send(get)).status === 200 };
  let ok = true;
  for (const add of adds) ok = (await connection.send(add)).status === 201 && ok;
  const began = performance.now();
  const placed = await connection.send(checkout);
  const checkoutMs = performance.now() - began;
  ok = placed.status === 201 && ok;
  if (input.mode === "cancel") {
    // The order's id leads its JSON body.
    const orderId = /^\{"id":(\d+)/.exec(placed.body)?.[1];
    const cancel = connection.encode("POST", `/orders/${orderId}/cancel`, headers, "{}");
    ok = orderId !== undefined && (await connection.send(cancel)).status === 200 && ok;
  }
  return { ok, checkoutMs };
});
for (const { connection } of users) connection.close();
console.log(JSON.stringify(result));
