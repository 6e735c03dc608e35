/**
 * The HTTP suite's core, for setups of many real API processes (behind PgBouncer, with a read
 * replica): every request goes to the next process in turn, so each step's read is served by
 * another process than its write.
 */
import { expect } from "bun:test";
import type pg from "pg";
import { createApi } from "./app.ts";
import type { ServerProcess } from "./process.ts";

export const CORE_ADMIN = { email: "core-admin@example.com", password: "core-admin-password" };

/** Round robin over `servers`; `pool` (direct, on the same database) only checks the database's state. */
export function roundRobinApi(servers: ServerProcess[], pool: pg.Pool) {
  let next = 0;
  return createApi(async (request) => {
    const url = new URL(request.url);
    const server = servers[next++ % servers.length]!;
    return fetch(new Request(`${server.base}${url.pathname}${url.search}`, request));
  }, pool);
}

type Api = ReturnType<typeof roundRobinApi>;

async function adminToken(api: Api): Promise<string> {
  const login = await api.call("POST", "/auth/login", { body: CORE_ADMIN });
  expect(login.status).toBe(200);
  return login.body.access_token;
}

/** Accounts, catalog writes and reads, cart, checkout with an idempotent retry, orders, cancel. */
export async function runCoreFlow(api: Api): Promise<void> {
  const admin = await adminToken(api);
  const user = await api.registerUser();
  expect((await api.call("GET", "/auth/me", { token: user.token })).body).toMatchObject({ id: user.id, role: "user" });
  const refreshed = await api.call("POST", "/auth/refresh", { body: { refresh_token: user.refreshToken } });
  expect(refreshed.status).toBe(200);
  expect((await api.call("POST", "/auth/refresh", { body: { refresh_token: user.refreshToken } })).body.code).toBe("AUTH_TOKEN_REUSE");
  expect((await api.call("POST", "/auth/login", { body: { email: user.email, password: "wrong-password" } })).status).toBe(401);

  // The catalog: each write is read back right away by another process (a replica's read-your-writes).
  const title = `Core ${crypto.randomUUID()}`;
  const book = await api.createBook(admin, { title, price: "12.50" }, 3);
  expect((await api.call("GET", `/books/${book.id}`)).body).toMatchObject({ title, price: "12.50", stock_quantity: 3, in_stock: true });
  expect((await api.call("GET", `/books?q=${encodeURIComponent(title)}`)).body).toMatchObject({ total: 1, items: [{ id: book.id }] });
  expect((await api.call("PUT", `/books/${book.id}`, { token: admin, body: { price: "15.00" } })).status).toBe(200);
  expect((await api.call("GET", `/books?q=${encodeURIComponent(title)}`)).body.items[0].price).toBe("15.00");
  expect((await api.call("GET", "/books/999999999")).body.code).toBe("BOOK_NOT_FOUND");
  expect((await api.call("POST", "/books", { body: { title: "x", author: "y", price: "1.00" } })).status).toBe(401);

  expect((await api.addToCart(user.token, book.id, 2)).status).toBe(201);
  expect((await api.call("GET", "/cart", { token: user.token })).body).toMatchObject({ total_items: 2, total_price: "30.00" });
  const key = { "idempotency-key": `core-${crypto.randomUUID()}` };
  const order = await api.call("POST", "/orders/checkout", { token: user.token, headers: key });
  expect(order.status).toBe(201);
  const replay = await api.call("POST", "/orders/checkout", { token: user.token, headers: key });
  expect([replay.status, replay.headers.get("idempotent-replayed"), replay.body.id]).toEqual([201, "true", order.body.id]);
  expect((await api.call("GET", `/books/${book.id}`)).body.stock_quantity).toBe(1);
  expect((await api.checkout(user.token)).body.code).toBe("ORDER_CART_EMPTY");
  expect((await api.call("GET", "/orders", { token: user.token })).body.map((o: { id: number }) => o.id)).toEqual([order.body.id]);

  const cancelled = await api.call("POST", `/orders/${order.body.id}/cancel`, { token: user.token, body: { reason: "core" } });
  expect([cancelled.status, cancelled.body.status]).toEqual([200, "cancelled"]);
  expect((await api.call("GET", `/books/${book.id}`)).body.stock_quantity).toBe(3);
  expect((await api.call("DELETE", `/books/${book.id}`, { token: admin })).status).toBe(204);
  expect((await api.call("GET", `/books/${book.id}`)).body.code).toBe("BOOK_NOT_FOUND");
}

/** `buyers` users race for `copies` copies of one book across the processes: exactly `copies` orders, no 5xx. */
export async function runCheckoutRace(api: Api, buyers: number, copies: number): Promise<void> {
  const admin = await adminToken(api);
  const book = await api.createBook(admin, { title: `Scarce ${crypto.randomUUID()}` }, copies);
  const users = await Promise.all(Array.from({ length: buyers }, () => api.registerUser()));
  await Promise.all(users.map((user) => api.addToCart(user.token, book.id)));
  const statuses = (await Promise.all(users.map((user) => api.checkout(user.token)))).map((reply) => reply.status);
  expect(statuses.filter((status) => status === 201)).toHaveLength(copies);
  expect(statuses.filter((status) => status === 409)).toHaveLength(buyers - copies);
  expect((await api.call("GET", `/books/${book.id}`)).body.stock_quantity).toBe(0);
}
