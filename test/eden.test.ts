import { describe, expect, test } from "bun:test";
import { treaty } from "@elysiajs/eden";
import type { OrderDetail } from "../src/modules/orders/model.ts";
import { setupTestApp } from "./support/app.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const t = await setupTestApp();
const admin = await t.createAdmin();

// The typed client exactly as an application builds it; typechecked by `bun run typecheck`
// (tsc --strict): no casts below, every type comes from the app.
const api = treaty(t.app);

describe("Eden Treaty", () => {
  test("a whole purchase: register, browse, cart, checkout, history", async () => {
    const book = await t.createBook(admin.token, { title: "Typed", price: "12.34" }, 1);
    const email = `eden-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const registered = await api.auth.register.post({ email, password: "password123" });
    if (registered.error) throw new Error(`register: ${registered.error.status}`);
    const headers = { authorization: `Bearer ${registered.data.access_token}` };

    const me = await api.auth.me.get({ headers });
    expect(me.data?.email).toBe(email);

    // page, size and sort have defaults: optional for the client.
    const catalog = await api.books.get({ query: { q: "Typed" } });
    const found = catalog.data?.items.find((item) => item.id === book.id);
    expect(found?.price).toBe("12.34");

    const line = await api.cart.items.post({ book_id: book.id, quantity: 1 }, { headers });
    expect(line.data?.quantity).toBe(1);
    const cart = await api.cart.get({ headers });
    expect(cart.data?.total_price).toBe("12.34");

    const placed = await api.orders.checkout.post({}, { headers });
    if (placed.error) throw new Error(`checkout: ${placed.error.status}`);
    const order: OrderDetail = placed.data;
    expect(order.total_price).toBe("12.34");
    expect(order.history.map((entry) => entry.status)).toEqual(["confirmed"]);

    const history = await api.orders.get({ headers });
    expect(history.data?.map((entry) => entry.id)).toEqual([order.id]);
    const one = await api.orders({ id: order.id }).get({ headers });
    expect(one.data?.status).toBe("confirmed");
  });

  test("admin analytics: every query parameter has a default, so none has to be sent", async () => {
    const headers = { authorization: `Bearer ${admin.token}` };
    const sales = await api.admin.analytics.sales.get({ headers });
    expect(sales.data?.period).toBe("month");
    const top = await api.admin.analytics["top-books"].get({ headers, query: { by: "units" } });
    expect(Array.isArray(top.data)).toBe(true);
    const low = await api.admin.analytics["low-stock"].get({ headers });
    expect(low.data?.every((book) => book.stock_quantity <= 10)).toBe(true);
  });

  test("the 409 of a short-stocked checkout is typed: its short lines are read without a cast", async () => {
    const book = await t.createBook(admin.token, {}, 1);
    const user = await t.registerUser();
    const headers = { authorization: `Bearer ${user.token}` };
    await api.cart.items.post({ book_id: book.id, quantity: 1 }, { headers });
    await t.call("PATCH", `/books/${book.id}/stock`, { token: admin.token, body: { quantity: 0 } });

    const reply = await api.orders.checkout.post({}, { headers });
    if (reply.error?.status !== 409) throw new Error(`expected 409, got ${reply.status}`);
    const body = reply.error.value;
    expect(body.code).toBe("ORDER_INSUFFICIENT_STOCK");
    const items = "items" in body ? body.items : [];
    expect(items.map((item) => ({ book_id: item.book_id, requested: item.requested, available: item.available })))
      .toEqual([{ book_id: book.id, requested: 1, available: 0 }]);
  });
});
