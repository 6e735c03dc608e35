import { beforeAll, describe, expect, test } from "bun:test";
import { setupTestApp } from "./support/app.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const { pool, call, registerUser, createAdmin, createBook, addToCart } = await setupTestApp();

type User = { id: number; token: string };
let admin: string;
let alice: User;
let bob: User;

beforeAll(async () => {
  [admin, alice, bob] = await Promise.all([createAdmin().then((a) => a.token), registerUser(), registerUser()]);
});

function expectError(reply: { status: number; body: any }, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
}

/** Empties a user's cart directly, so each test starts from a known state. */
const emptyCart = (user: User) =>
  pool.query("DELETE FROM cart_items USING carts WHERE cart_items.cart_id = carts.id AND carts.user_id = $1", [user.id]);

const getCart = (user: User) => call("GET", "/cart", { token: user.token });

describe("GET /cart", () => {
  test("an empty cart", async () => {
    const fresh = await registerUser();
    const reply = await getCart(fresh);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ items: [], total_items: 0, total_price: "0.00" });
  });

  test("lists the lines with book summaries and computes totals in exact decimals", async () => {
    await emptyCart(alice);
    const a = await createBook(admin, { title: "Ten Ten", author: "A", price: "10.10", cover_image_url: "https://example.com/a.png" }, 5);
    const b = await createBook(admin, { title: "Thirty", author: "B", price: "0.30" }, 5);
    const first = await addToCart(alice.token, a.id, 2);
    const second = await addToCart(alice.token, b.id, 1);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);

    const reply = await getCart(alice);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      items: [
        { id: first.body.id, book_id: a.id, quantity: 2, book: { id: a.id, title: "Ten Ten", author: "A", price: "10.10", cover_image_url: "https://example.com/a.png" } },
        { id: second.body.id, book_id: b.id, quantity: 1, book: { id: b.id, title: "Thirty", author: "B", price: "0.30", cover_image_url: null } },
      ],
      total_items: 3,
      total_price: "20.50",
    });
  });

  test("totals that a float sum would get wrong (3 × 0.10 + 0.20)", async () => {
    await emptyCart(alice);
    const dime = await createBook(admin, { price: "0.10" }, 5);
    const fifth = await createBook(admin, { price: "0.20" }, 5);
    await addToCart(alice.token, dime.id, 3);
    await addToCart(alice.token, fifth.id, 1);
    const reply = await getCart(alice);
    expect(reply.body).toMatchObject({ total_items: 4, total_price: "0.50" });
  });

  test("the cart reflects the book's current price", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, { price: "4.00" }, 5);
    await addToCart(alice.token, book.id, 2);
    expect((await call("PUT", `/books/${book.id}`, { token: admin, body: { price: "4.50" } })).status).toBe(200);
    const reply = await getCart(alice);
    expect(reply.body.items[0].book.price).toBe("4.50");
    expect(reply.body.total_price).toBe("9.00");
  });
});

describe("POST /cart/items", () => {
  test("201 CartItem with the book summary; quantity defaults to 1", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, { title: "Default Qty", author: "Auth", price: "9.99" }, 3);
    const reply = await call("POST", "/cart/items", { token: alice.token, body: { book_id: book.id } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(Number),
      book_id: book.id,
      quantity: 1,
      book: { id: book.id, title: "Default Qty", author: "Auth", price: "9.99", cover_image_url: null },
    });
    const cart = await getCart(alice);
    expect(cart.body.items).toEqual([reply.body]);
    expect(cart.body).toMatchObject({ total_items: 1, total_price: "9.99" });
  });

  test("an explicit quantity, 1000 at most", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 5);
    const reply = await addToCart(alice.token, book.id, 1000);
    expect(reply.status).toBe(201);
    expect(reply.body.quantity).toBe(1000);
  });

  test("a quantity above a positive stock is accepted (stock is checked again at checkout)", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 2);
    const reply = await addToCart(alice.token, book.id, 5);
    expect(reply.status).toBe(201);
    expect(reply.body.quantity).toBe(5);
  });

  test("404 BOOK_NOT_FOUND with field book_id", async () => {
    const reply = await addToCart(alice.token, 999999, 1);
    expectError(reply, 404, "BOOK_NOT_FOUND");
    expect(reply.body.field).toBe("book_id");
  });

  test("404 BOOK_NOT_FOUND for a deleted book", async () => {
    const book = await createBook(admin, {}, 5);
    expect((await call("DELETE", `/books/${book.id}`, { token: admin })).status).toBe(204);
    const reply = await addToCart(alice.token, book.id, 1);
    expectError(reply, 404, "BOOK_NOT_FOUND");
    expect(reply.body.field).toBe("book_id");
  });

  test("409 CART_BOOK_OUT_OF_STOCK for a book with stock 0, nothing added", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 0);
    const reply = await addToCart(alice.token, book.id, 1);
    expectError(reply, 409, "CART_BOOK_OUT_OF_STOCK");
    expect((await getCart(alice)).body.items).toEqual([]);
  });

  test("409 CART_ITEM_DUPLICATE for the same book twice; the first line is unchanged", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 5);
    const first = await addToCart(alice.token, book.id, 2);
    expect(first.status).toBe(201);
    const again = await addToCart(alice.token, book.id, 3);
    expectError(again, 409, "CART_ITEM_DUPLICATE");
    const cart = await getCart(alice);
    expect(cart.body.items).toHaveLength(1);
    expect(cart.body.items[0]).toMatchObject({ id: first.body.id, quantity: 2 });
  });

  test("the same book may be in two users' carts", async () => {
    await Promise.all([emptyCart(alice), emptyCart(bob)]);
    const book = await createBook(admin, {}, 1);
    expect((await addToCart(alice.token, book.id, 1)).status).toBe(201);
    expect((await addToCart(bob.token, book.id, 1)).status).toBe(201);
  });

  test.each([
    ["quantity 0", { quantity: 0 }],
    ["quantity -1", { quantity: -1 }],
    ["quantity 1001", { quantity: 1001 }],
    ["quantity 1.5", { quantity: 1.5 }],
    ["quantity \"abc\"", { quantity: "abc" }],
    ["quantity null", { quantity: null }],
    ["book_id missing", { book_id: undefined }],
    ["book_id \"abc\"", { book_id: "abc" }],
    ["book_id 0", { book_id: 0 }],
    ["book_id 1.5", { book_id: 1.5 }],
  ])("422 VALIDATION_ERROR: %s, nothing added", async (_name, fields) => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 5);
    const reply = await call("POST", "/cart/items", { token: alice.token, body: { book_id: book.id, quantity: 1, ...fields } });
    expectError(reply, 422, "VALIDATION_ERROR");
    expect(Array.isArray(reply.body.detail)).toBe(true);
    expect((await getCart(alice)).body.items).toEqual([]);
  });

  test("422 for an empty body", async () => {
    expectError(await call("POST", "/cart/items", { token: alice.token, body: {} }), 422, "VALIDATION_ERROR");
  });
});

describe("PUT /cart/items/{id}", () => {
  test("200 CartItem with the new quantity", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, { title: "Adjust", price: "2.50" }, 5);
    const line = await addToCart(alice.token, book.id, 1);
    const reply = await call("PUT", `/cart/items/${line.body.id}`, { token: alice.token, body: { quantity: 4 } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ...line.body, quantity: 4 });
    const cart = await getCart(alice);
    expect(cart.body).toMatchObject({ total_items: 4, total_price: "10.00" });
    expect(cart.body.items[0].quantity).toBe(4);
  });

  test("404 CART_ITEM_NOT_FOUND", async () => {
    const reply = await call("PUT", "/cart/items/999999", { token: alice.token, body: { quantity: 2 } });
    expectError(reply, 404, "CART_ITEM_NOT_FOUND");
  });

  test("403 CART_ITEM_FORBIDDEN for another user's line, which stays unchanged", async () => {
    await Promise.all([emptyCart(alice), emptyCart(bob)]);
    const book = await createBook(admin, {}, 5);
    const bobs = await addToCart(bob.token, book.id, 2);
    const reply = await call("PUT", `/cart/items/${bobs.body.id}`, { token: alice.token, body: { quantity: 7 } });
    expectError(reply, 403, "CART_ITEM_FORBIDDEN");
    const bobCart = await getCart(bob);
    expect(bobCart.body.items).toEqual([bobs.body]);
    expect((await getCart(alice)).body.items).toEqual([]);
  });

  test.each([[0], [1001], [1.5], [-1], ["abc"], [null], [undefined]])("422 VALIDATION_ERROR for quantity %p, line unchanged", async (quantity) => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 5);
    const line = await addToCart(alice.token, book.id, 3);
    const reply = await call("PUT", `/cart/items/${line.body.id}`, { token: alice.token, body: quantity === undefined ? {} : { quantity } });
    expectError(reply, 422, "VALIDATION_ERROR");
    expect((await getCart(alice)).body.items[0].quantity).toBe(3);
  });

  test("422 VALIDATION_ERROR for a bad id", async () => {
    expectError(await call("PUT", "/cart/items/abc", { token: alice.token, body: { quantity: 1 } }), 422, "VALIDATION_ERROR");
    expectError(await call("PUT", "/cart/items/0", { token: alice.token, body: { quantity: 1 } }), 422, "VALIDATION_ERROR");
  });
});

describe("DELETE /cart/items/{id}", () => {
  test("204, the line is gone, then 404 CART_ITEM_NOT_FOUND", async () => {
    await emptyCart(alice);
    const keep = await createBook(admin, { price: "1.00" }, 5);
    const drop = await createBook(admin, { price: "2.00" }, 5);
    const kept = await addToCart(alice.token, keep.id, 1);
    const dropped = await addToCart(alice.token, drop.id, 1);
    const reply = await call("DELETE", `/cart/items/${dropped.body.id}`, { token: alice.token });
    expect(reply.status).toBe(204);
    expect(reply.body).toBeUndefined();
    const cart = await getCart(alice);
    expect(cart.body.items.map((item: any) => item.id)).toEqual([kept.body.id]);
    expect(cart.body).toMatchObject({ total_items: 1, total_price: "1.00" });
    expectError(await call("DELETE", `/cart/items/${dropped.body.id}`, { token: alice.token }), 404, "CART_ITEM_NOT_FOUND");
    expectError(await call("PUT", `/cart/items/${dropped.body.id}`, { token: alice.token, body: { quantity: 2 } }), 404, "CART_ITEM_NOT_FOUND");
  });

  test("404 CART_ITEM_NOT_FOUND for a line that never existed; 422 for a bad id", async () => {
    expectError(await call("DELETE", "/cart/items/999999", { token: alice.token }), 404, "CART_ITEM_NOT_FOUND");
    expectError(await call("DELETE", "/cart/items/abc", { token: alice.token }), 422, "VALIDATION_ERROR");
  });

  test("403 CART_ITEM_FORBIDDEN for another user's line, which stays in its owner's cart", async () => {
    await emptyCart(bob);
    const book = await createBook(admin, {}, 5);
    const bobs = await addToCart(bob.token, book.id, 1);
    expectError(await call("DELETE", `/cart/items/${bobs.body.id}`, { token: alice.token }), 403, "CART_ITEM_FORBIDDEN");
    expect((await getCart(bob)).body.items).toEqual([bobs.body]);
  });

  test("a line can be added again after removal", async () => {
    await emptyCart(alice);
    const book = await createBook(admin, {}, 5);
    const line = await addToCart(alice.token, book.id, 1);
    expect((await call("DELETE", `/cart/items/${line.body.id}`, { token: alice.token })).status).toBe(204);
    const again = await addToCart(alice.token, book.id, 2);
    expect(again.status).toBe(201);
    expect(again.body.quantity).toBe(2);
  });
});

describe("authentication and isolation", () => {
  test.each([
    ["GET", "/cart", undefined],
    ["POST", "/cart/items", { book_id: 1, quantity: 1 }],
    ["PUT", "/cart/items/1", { quantity: 1 }],
    ["DELETE", "/cart/items/1", undefined],
  ])("%s %s: 401 AUTH_TOKEN_MISSING without a token, 401 AUTH_TOKEN_INVALID with a bad one", async (method, path, body) => {
    expectError(await call(method, path, { body }), 401, "AUTH_TOKEN_MISSING");
    expectError(await call(method, path, { body, token: "garbage.token.value" }), 401, "AUTH_TOKEN_INVALID");
  });

  test("401 comes before body validation", async () => {
    expectError(await call("POST", "/cart/items", { body: { quantity: 0 } }), 401, "AUTH_TOKEN_MISSING");
  });

  test("admins have a cart of their own too", async () => {
    const reply = await call("GET", "/cart", { token: admin });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ items: [], total_items: 0, total_price: "0.00" });
  });

  test("a user never sees another user's cart lines", async () => {
    await Promise.all([emptyCart(alice), emptyCart(bob)]);
    const mine = await createBook(admin, { title: "Alice's", price: "1.00" }, 5);
    const theirs = await createBook(admin, { title: "Bob's", price: "2.00" }, 5);
    const shared = await createBook(admin, { title: "Both", price: "3.00" }, 5);
    await addToCart(alice.token, mine.id, 1);
    await addToCart(alice.token, shared.id, 1);
    await addToCart(bob.token, theirs.id, 4);
    await addToCart(bob.token, shared.id, 2);

    const a = await getCart(alice);
    expect(a.body.items.map((item: any) => item.book_id)).toEqual([mine.id, shared.id]);
    expect(a.body.items.map((item: any) => item.quantity)).toEqual([1, 1]);
    expect(a.body).toMatchObject({ total_items: 2, total_price: "4.00" });

    const b = await getCart(bob);
    expect(b.body.items.map((item: any) => item.book_id)).toEqual([theirs.id, shared.id]);
    expect(b.body.items.map((item: any) => item.quantity)).toEqual([4, 2]);
    expect(b.body).toMatchObject({ total_items: 6, total_price: "14.00" });
  });
});
