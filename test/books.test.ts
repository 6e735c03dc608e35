import { beforeAll, describe, expect, test } from "bun:test";
import { setupTestApp } from "./support/app.ts";
import { dereferencedDocument } from "./support/openapi.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const { pool, call, registerUser, createAdmin, createBook, addToCart, checkout } = await setupTestApp();

let admin: string;
let user: { id: number; token: string };

beforeAll(async () => {
  [admin, user] = await Promise.all([createAdmin().then((a) => a.token), registerUser()]);
});

let uniq = 0;
/** A marker that makes a title searchable on its own, whatever other tests created. */
const marker = () => `zq${Date.now().toString(36)}x${++uniq}`;

const post = (body: unknown, token: string | undefined = admin) => call("POST", "/books", { token, body });
const valid = { title: "Valid Title", author: "Valid Author", price: "14.99" };

function expectError(reply: { status: number; body: any }, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
}

describe("POST /books", () => {
  test("201: a complete Book, stock 0, not in stock, price as a two-place string", async () => {
    const reply = await post({
      title: "Dune",
      author: "Frank Herbert",
      price: "14.99",
      description: "Spice.",
      cover_image_url: "https://example.com/dune.jpg",
      publish_date: "1965-08-01",
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      title: "Dune",
      author: "Frank Herbert",
      price: "14.99",
      isbn: null,
      description: "Spice.",
      cover_image_url: "https://example.com/dune.jpg",
      publish_date: "1965-08-01",
      stock_quantity: 0,
      in_stock: false,
    });
    expect(Number.isInteger(reply.body.id)).toBe(true);
    expect(Object.keys(reply.body).sort()).toEqual(
      ["id", "title", "author", "price", "isbn", "description", "cover_image_url", "publish_date", "stock_quantity", "in_stock", "created_at", "updated_at"].sort(),
    );
    for (const stamp of [reply.body.created_at, reply.body.updated_at]) {
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      expect(Number.isNaN(Date.parse(stamp))).toBe(false);
    }
    const fetched = await call("GET", `/books/${reply.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(reply.body);
  });

  test("optional fields default to null", async () => {
    const reply = await post(valid);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ isbn: null, description: null, cover_image_url: null, publish_date: null });
  });

  test.each([
    ["14.99", "14.99"],
    [14.99, "14.99"],
    [12.5, "12.50"],
    ["12.5", "12.50"],
    [7, "7.00"],
    ["0.01", "0.01"],
    ["99999999.99", "99999999.99"],
  ])("price %p is stored and answered as %p", async (price, expected) => {
    const reply = await post({ ...valid, price });
    expect(reply.status).toBe(201);
    expect(reply.body.price).toBe(expected);
    const fetched = await call("GET", `/books/${reply.body.id}`);
    expect(fetched.body.price).toBe(expected);
  });

  test.each([
    ["price 0", { price: 0 }],
    ["price \"0.00\"", { price: "0.00" }],
    ["price -1", { price: -1 }],
    ["price \"-1\"", { price: "-1" }],
    ["price \"1.234\"", { price: "1.234" }],
    ["price 1.234", { price: 1.234 }],
    ["price \"abc\"", { price: "abc" }],
    ["price \"\"", { price: "" }],
    ["price null", { price: null }],
    ["price too large", { price: "100000000.00" }],
    ["price missing", { price: undefined }],
    ["title empty", { title: "" }],
    ["title blank", { title: "   " }],
    ["title 501 chars", { title: "t".repeat(501) }],
    ["title missing", { title: undefined }],
    ["author 256 chars", { author: "a".repeat(256) }],
    ["author empty", { author: "" }],
    ["author missing", { author: undefined }],
    ["cover_image_url 2049 chars", { cover_image_url: `https://example.com/${"c".repeat(2049 - 20)}` }],
    ["cover_image_url not a URL", { cover_image_url: "not a url" }],
    ["publish_date month 13", { publish_date: "2023-13-01" }],
    ["publish_date Feb 30", { publish_date: "2023-02-30" }],
    ["publish_date wrong format", { publish_date: "01/02/2023" }],
    ["publish_date year 0000 (no such year in PostgreSQL)", { publish_date: "0000-01-01" }],
    ["title with a NUL character", { title: "a\u0000b" }],
    ["author with a NUL character", { author: "a\u0000b" }],
    ["description with a NUL character", { description: "a\u0000b" }],
    ["cover_image_url with a NUL character", { cover_image_url: "https://example.com/\u0000" }],
    ["isbn-13 bad checksum", { isbn: "9780306406158" }],
    ["isbn-10 bad checksum", { isbn: "0306406153" }],
    ["isbn wrong length", { isbn: "12345" }],
    ["isbn with letters", { isbn: "97803064061AB" }],
  ])("422 VALIDATION_ERROR: %s", async (_name, fields) => {
    const before = await pool.query("SELECT count(*)::int AS n FROM books");
    const reply = await post({ ...valid, ...fields });
    expectError(reply, 422, "VALIDATION_ERROR");
    expect(Array.isArray(reply.body.detail)).toBe(true);
    expect(reply.body.detail.length).toBeGreaterThan(0);
    const after = await pool.query("SELECT count(*)::int AS n FROM books");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  test("422 names the offending field", async () => {
    expect((await post({ ...valid, price: "1.234" })).body.field).toBe("price");
    expect((await post({ ...valid, isbn: "9780306406158" })).body.field).toBe("isbn");
    expect((await post({ ...valid, publish_date: "2023-02-30" })).body.field).toBe("publish_date");
    expect((await post({ ...valid, title: "" })).body.field).toBe("title");
  });

  test("boundary lengths are accepted: title 500, author 255, cover_image_url 2048", async () => {
    const url = `https://example.com/${"c".repeat(2048 - 20)}`;
    expect(url.length).toBe(2048);
    const reply = await post({ ...valid, title: "t".repeat(500), author: "a".repeat(255), cover_image_url: url });
    expect(reply.status).toBe(201);
    expect(reply.body.title.length).toBe(500);
    expect(reply.body.author.length).toBe(255);
    expect(reply.body.cover_image_url).toBe(url);
  });

  test("leap day 2024-02-29 is a valid publish_date", async () => {
    const reply = await post({ ...valid, publish_date: "2024-02-29" });
    expect(reply.status).toBe(201);
    expect(reply.body.publish_date).toBe("2024-02-29");
  });

  test.each([
    ["978-0-306-40615-7", "9780306406157"],
    ["0-306-40615-2", "0306406152"],
    ["080442957X", "080442957X"],
    ["0-8044-2957-x", "080442957X"],
  ])("isbn %p is stored as %p", async (isbn, stored) => {
    await pool.query("DELETE FROM books WHERE isbn = $1", [stored]);
    const reply = await post({ ...valid, isbn });
    expect(reply.status).toBe(201);
    expect(reply.body.isbn).toBe(stored);
    const { rows } = await pool.query("SELECT isbn FROM books WHERE id = $1", [reply.body.id]);
    expect(rows[0].isbn).toBe(stored);
  });

  test("409 BOOK_ISBN_CONFLICT on a duplicate ISBN, also written with hyphens", async () => {
    const isbn = "9781861972712";
    const first = await post({ ...valid, isbn });
    expect(first.status).toBe(201);
    const same = await post({ ...valid, isbn });
    expectError(same, 409, "BOOK_ISBN_CONFLICT");
    expect(same.body.field).toBe("isbn");
    const hyphenated = await post({ ...valid, isbn: "978-1-86197-271-2" });
    expectError(hyphenated, 409, "BOOK_ISBN_CONFLICT");
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM books WHERE isbn = $1", [isbn]);
    expect(rows[0].n).toBe(1);
  });

  test("401 AUTH_TOKEN_MISSING without a token, 401 AUTH_TOKEN_INVALID with a bad one", async () => {
    expectError(await call("POST", "/books", { body: valid }), 401, "AUTH_TOKEN_MISSING");
    expectError(await post(valid, "not-a-jwt"), 401, "AUTH_TOKEN_INVALID");
  });

  test("403 AUTH_FORBIDDEN for a user token, nothing created", async () => {
    const title = marker();
    expectError(await post({ ...valid, title }, user.token), 403, "AUTH_FORBIDDEN");
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM books WHERE title = $1", [title]);
    expect(rows[0].n).toBe(0);
  });
});

describe("GET /books", () => {
  test("paging: items, total, page, size; default page 1 size 20", async () => {
    const m = marker();
    for (let i = 1; i <= 5; i++) await post({ ...valid, title: `${m} ${i}` });

    const first = await call("GET", `/books?q=${m}&size=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 5, page: 1, size: 2 });
    expect(first.body.items.map((b: any) => b.title)).toEqual([`${m} 1`, `${m} 2`]);

    const third = await call("GET", `/books?q=${m}&size=2&page=3`);
    expect(third.body).toMatchObject({ total: 5, page: 3, size: 2 });
    expect(third.body.items.map((b: any) => b.title)).toEqual([`${m} 5`]);

    const beyond = await call("GET", `/books?q=${m}&size=2&page=4`);
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual({ items: [], total: 5, total_exact: true, page: 4, size: 2 });

    const defaults = await call("GET", `/books?q=${m}`);
    expect(defaults.body).toMatchObject({ total: 5, page: 1, size: 20 });
    expect(defaults.body.items).toHaveLength(5);

    const all = await call("GET", "/books");
    expect(all.status).toBe(200);
    expect(all.body.page).toBe(1);
    expect(all.body.size).toBe(20);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM books");
    expect(all.body.total).toBe(rows[0].n);
    expect(all.body.items.length).toBe(Math.min(20, rows[0].n));
  });

  test("total_exact is always there (true on a small catalog) and documented in OpenAPI", async () => {
    const reply = await call("GET", "/books?size=1");
    expect(reply.body.total_exact).toBe(true);
    const { paths } = await dereferencedDocument(call);
    const page = paths["/books"].get.responses["200"].content["application/json"].schema;
    expect(page.required).toEqual(expect.arrayContaining(["items", "total", "total_exact", "page", "size"]));
    expect(page.properties.total_exact.type).toBe("boolean");
  });

  test("size 100 is accepted", async () => {
    const reply = await call("GET", "/books?size=100");
    expect(reply.status).toBe(200);
    expect(reply.body.size).toBe(100);
  });

  test.each([
    ["size=101"],
    ["size=0"],
    ["size=-1"],
    ["size=abc"],
    ["size=1.5"],
    ["page=0"],
    ["page=-1"],
    ["page=abc"],
    ["sort=author"],
    ["sort=bogus"],
    ["sort="],
    ["q=a%00b"],
    [`q=${"a".repeat(201)}`],
  ])("422 VALIDATION_ERROR for ?%s", async (query) => {
    expectError(await call("GET", `/books?${query}`), 422, "VALIDATION_ERROR");
  });

  test("q searches title and author case-insensitively", async () => {
    const m = marker();
    const byTitle = await post({ ...valid, title: `The ${m.toUpperCase()} Saga`, author: "Someone" });
    const byAuthor = await post({ ...valid, title: "Untitled", author: `Jane ${m}` });
    await post({ ...valid, title: "Unrelated", author: "Nobody" });
    const reply = await call("GET", `/books?q=${m.toLowerCase()}`);
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBe(2);
    expect(reply.body.items.map((b: any) => b.id).sort()).toEqual([byTitle.body.id, byAuthor.body.id].sort());
    const upper = await call("GET", `/books?q=${m.toUpperCase()}`);
    expect(upper.body.total).toBe(2);
    const none = await call("GET", `/books?q=${m}nomatch`);
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  test("q matches % and _ literally", async () => {
    const m = marker();
    const percent = await post({ ...valid, title: `${m} 100% Pure` });
    const underscore = await post({ ...valid, title: `${m} snake_case` });
    await post({ ...valid, title: `${m} 100 Pure` });
    await post({ ...valid, title: `${m} snakeXcase` });
    await post({ ...valid, title: `${m} back\\slash` });

    const p = await call("GET", `/books?q=${encodeURIComponent("100%")}`);
    expect(p.body.items.map((b: any) => b.id)).toEqual([percent.body.id]);
    const u = await call("GET", `/books?q=${encodeURIComponent("snake_case")}`);
    expect(u.body.items.map((b: any) => b.id)).toEqual([underscore.body.id]);
    const justPercent = await call("GET", `/books?q=${encodeURIComponent(`${m} 100%`)}`);
    expect(justPercent.body.total).toBe(1);
    const backslash = await call("GET", `/books?q=${encodeURIComponent("back\\slash")}`);
    expect(backslash.body.total).toBe(1);
  });

  test("sort by title, price, created_at; a leading '-' sorts descending", async () => {
    const m = marker();
    const b = await post({ ...valid, title: `${m} B`, price: "5.00" });
    const c = await post({ ...valid, title: `${m} C`, price: "20.00" });
    const a = await post({ ...valid, title: `${m} A`, price: "100.00" });
    const ids = async (sort: string) => {
      const reply = await call("GET", `/books?q=${m}&sort=${sort}`);
      expect(reply.status).toBe(200);
      return reply.body.items.map((book: any) => book.id);
    };
    // Prices compare as numbers, not text ("100.00" < "20.00" < "5.00" as strings).
    expect(await ids("price")).toEqual([b.body.id, c.body.id, a.body.id]);
    expect(await ids("-price")).toEqual([a.body.id, c.body.id, b.body.id]);
    expect(await ids("title")).toEqual([a.body.id, b.body.id, c.body.id]);
    expect(await ids("-title")).toEqual([c.body.id, b.body.id, a.body.id]);
    expect(await ids("created_at")).toEqual([b.body.id, c.body.id, a.body.id]);
    expect(await ids("-created_at")).toEqual([a.body.id, c.body.id, b.body.id]);
    // Default sort is title.
    const reply = await call("GET", `/books?q=${m}`);
    expect(reply.body.items.map((book: any) => book.id)).toEqual([a.body.id, b.body.id, c.body.id]);
  });
});

describe("GET /books/{id}", () => {
  test("200 Book", async () => {
    const created = await post({ ...valid, isbn: "978-3-16-148410-0" });
    const reply = await call("GET", `/books/${created.body.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(created.body);
  });

  test("404 BOOK_NOT_FOUND", async () => {
    expectError(await call("GET", "/books/999999"), 404, "BOOK_NOT_FOUND");
  });

  test.each(["abc", "0", "-1", "1.5", "99999999999"])("422 VALIDATION_ERROR for id %p", async (id) => {
    expectError(await call("GET", `/books/${id}`), 422, "VALIDATION_ERROR");
  });
});

describe("PUT /books/{id}", () => {
  const full = {
    title: "Original",
    author: "Original Author",
    price: "10.00",
    isbn: "9780306406157",
    description: "Original description",
    cover_image_url: "https://example.com/o.jpg",
    publish_date: "2000-01-01",
  };

  async function fresh() {
    await pool.query("DELETE FROM books WHERE isbn = $1", [full.isbn]);
    const created = await post(full);
    expect(created.status).toBe(201);
    return created.body;
  }

  test("200: only the given fields change", async () => {
    const book = await fresh();
    const reply = await call("PUT", `/books/${book.id}`, { token: admin, body: { title: "Renamed", price: 12.5 } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ...full, title: "Renamed", price: "12.50", id: book.id, stock_quantity: 0 });
    expect(reply.body.created_at).toBe(book.created_at);
    expect(Date.parse(reply.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(book.updated_at));
    const fetched = await call("GET", `/books/${book.id}`);
    expect(fetched.body).toEqual(reply.body);
  });

  test("null clears an optional field; others untouched", async () => {
    const book = await fresh();
    const reply = await call("PUT", `/books/${book.id}`, { token: admin, body: { description: null } });
    expect(reply.status).toBe(200);
    expect(reply.body.description).toBeNull();
    expect(reply.body).toMatchObject({ title: full.title, isbn: full.isbn, cover_image_url: full.cover_image_url, publish_date: full.publish_date });
    const cleared = await call("PUT", `/books/${book.id}`, { token: admin, body: { isbn: null, cover_image_url: null, publish_date: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ isbn: null, cover_image_url: null, publish_date: null, description: null, title: full.title });
  });

  test("an empty body changes nothing", async () => {
    const book = await fresh();
    const reply = await call("PUT", `/books/${book.id}`, { token: admin, body: {} });
    expect(reply.status).toBe(200);
    expect({ ...reply.body, updated_at: undefined }).toEqual({ ...book, updated_at: undefined });
  });

  test("isbn is normalised and checked; publish_date checked", async () => {
    const book = await fresh();
    await pool.query("DELETE FROM books WHERE isbn = '0306406152'");
    const ok = await call("PUT", `/books/${book.id}`, { token: admin, body: { isbn: "0-306-40615-2" } });
    expect(ok.status).toBe(200);
    expect(ok.body.isbn).toBe("0306406152");
    expectError(await call("PUT", `/books/${book.id}`, { token: admin, body: { isbn: "0306406153" } }), 422, "VALIDATION_ERROR");
    expectError(await call("PUT", `/books/${book.id}`, { token: admin, body: { publish_date: "2023-02-30" } }), 422, "VALIDATION_ERROR");
    expect((await call("GET", `/books/${book.id}`)).body.isbn).toBe("0306406152");
  });

  test.each([
    ["price 0", { price: 0 }],
    ["price 1.234", { price: 1.234 }],
    ["price \"abc\"", { price: "abc" }],
    ["title empty", { title: "" }],
    ["title null", { title: null }],
    ["title 501 chars", { title: "t".repeat(501) }],
    ["author 256 chars", { author: "a".repeat(256) }],
    ["cover_image_url 2049 chars", { cover_image_url: `https://example.com/${"c".repeat(2029)}` }],
    ["publish_date month 13", { publish_date: "2023-13-01" }],
    ["publish_date year 0000", { publish_date: "0000-01-01" }],
    ["title with a NUL character", { title: "a\u0000b" }],
    ["description with a NUL character", { description: "a\u0000b" }],
  ])("422 VALIDATION_ERROR: %s, book unchanged", async (_name, body) => {
    const book = await fresh();
    expectError(await call("PUT", `/books/${book.id}`, { token: admin, body }), 422, "VALIDATION_ERROR");
    expect((await call("GET", `/books/${book.id}`)).body).toEqual(book);
  });

  test("409 BOOK_ISBN_CONFLICT when taking another book's ISBN (hyphenated too)", async () => {
    await pool.query("DELETE FROM books WHERE isbn = ANY($1)", [["9780131103627", "9780201633610"]]);
    const one = await post({ ...valid, isbn: "9780131103627" });
    const two = await post({ ...valid, isbn: "9780201633610" });
    const reply = await call("PUT", `/books/${two.body.id}`, { token: admin, body: { isbn: "978-0-13-110362-7" } });
    expectError(reply, 409, "BOOK_ISBN_CONFLICT");
    expect((await call("GET", `/books/${two.body.id}`)).body.isbn).toBe("9780201633610");
    // Re-saving a book's own ISBN is no conflict.
    const own = await call("PUT", `/books/${one.body.id}`, { token: admin, body: { isbn: "978-0-13-110362-7" } });
    expect(own.status).toBe(200);
  });

  test("404 BOOK_NOT_FOUND, 422 for a bad id", async () => {
    expectError(await call("PUT", "/books/999999", { token: admin, body: { title: "x" } }), 404, "BOOK_NOT_FOUND");
    expectError(await call("PUT", "/books/abc", { token: admin, body: { title: "x" } }), 422, "VALIDATION_ERROR");
  });

  test("401 without a token, 403 for a user", async () => {
    const book = await fresh();
    expectError(await call("PUT", `/books/${book.id}`, { body: { title: "x" } }), 401, "AUTH_TOKEN_MISSING");
    expectError(await call("PUT", `/books/${book.id}`, { token: user.token, body: { title: "x" } }), 403, "AUTH_FORBIDDEN");
    expect((await call("GET", `/books/${book.id}`)).body.title).toBe(full.title);
  });
});

describe("PATCH /books/{id}/stock", () => {
  test("sets the absolute quantity; in_stock follows", async () => {
    const book = await post(valid);
    const set = (quantity: unknown) => call("PATCH", `/books/${book.body.id}/stock`, { token: admin, body: { quantity } });
    const five = await set(5);
    expect(five.status).toBe(200);
    expect(five.body).toMatchObject({ id: book.body.id, stock_quantity: 5, in_stock: true, title: valid.title });
    const three = await set(3);
    expect(three.body).toMatchObject({ stock_quantity: 3, in_stock: true }); // absolute, not +3
    const zero = await set(0);
    expect(zero.status).toBe(200);
    expect(zero.body).toMatchObject({ stock_quantity: 0, in_stock: false });
    expect((await call("GET", `/books/${book.body.id}`)).body).toMatchObject({ stock_quantity: 0, in_stock: false });
  });

  test.each([[-1], [1.5], ["abc"], [null], [undefined]])("422 VALIDATION_ERROR for quantity %p, stock unchanged", async (quantity) => {
    const book = await createBook(admin, {}, 4);
    const reply = await call("PATCH", `/books/${book.id}/stock`, { token: admin, body: quantity === undefined ? {} : { quantity } });
    expectError(reply, 422, "VALIDATION_ERROR");
    expect((await call("GET", `/books/${book.id}`)).body.stock_quantity).toBe(4);
  });

  test("404 BOOK_NOT_FOUND; 401; 403", async () => {
    expectError(await call("PATCH", "/books/999999/stock", { token: admin, body: { quantity: 1 } }), 404, "BOOK_NOT_FOUND");
    const book = await post(valid);
    expectError(await call("PATCH", `/books/${book.body.id}/stock`, { body: { quantity: 1 } }), 401, "AUTH_TOKEN_MISSING");
    expectError(await call("PATCH", `/books/${book.body.id}/stock`, { token: user.token, body: { quantity: 1 } }), 403, "AUTH_FORBIDDEN");
    expect((await call("GET", `/books/${book.body.id}`)).body.stock_quantity).toBe(0);
  });
});

describe("DELETE /books/{id}", () => {
  test("204, then GET 404, DELETE again 404", async () => {
    const book = await post(valid);
    const reply = await call("DELETE", `/books/${book.body.id}`, { token: admin });
    expect(reply.status).toBe(204);
    expect(reply.body).toBeUndefined();
    expectError(await call("GET", `/books/${book.body.id}`), 404, "BOOK_NOT_FOUND");
    expectError(await call("DELETE", `/books/${book.body.id}`, { token: admin }), 404, "BOOK_NOT_FOUND");
  });

  test("401 without a token, 403 for a user, book still there; 422 bad id", async () => {
    const book = await post(valid);
    expectError(await call("DELETE", `/books/${book.body.id}`), 401, "AUTH_TOKEN_MISSING");
    expectError(await call("DELETE", `/books/${book.body.id}`, { token: user.token }), 403, "AUTH_FORBIDDEN");
    expect((await call("GET", `/books/${book.body.id}`)).status).toBe(200);
    expectError(await call("DELETE", "/books/abc", { token: admin }), 422, "VALIDATION_ERROR");
  });

  test("removes the book from carts; order history keeps the line with book_id null", async () => {
    const buyer = await registerUser();
    const kept = await createBook(admin, { title: "Kept", price: "3.00" }, 5);
    const doomed = await createBook(admin, { title: "Doomed", price: "7.25" }, 5);

    expect((await addToCart(buyer.token, doomed.id, 2)).status).toBe(201);
    expect((await addToCart(buyer.token, kept.id, 1)).status).toBe(201);
    const order = await checkout(buyer.token);
    expect(order.status).toBe(201);
    expect(order.body.total_price).toBe("17.50");

    // Put it in a cart again (and in another user's cart) before deleting it.
    expect((await addToCart(buyer.token, doomed.id, 1)).status).toBe(201);
    expect((await addToCart(buyer.token, kept.id, 1)).status).toBe(201);
    expect((await addToCart(user.token, doomed.id, 1)).status).toBe(201);

    expect((await call("DELETE", `/books/${doomed.id}`, { token: admin })).status).toBe(204);

    const cart = await call("GET", "/cart", { token: buyer.token });
    expect(cart.status).toBe(200);
    expect(cart.body.items.map((item: any) => item.book_id)).toEqual([kept.id]);
    expect(cart.body).toMatchObject({ total_items: 1, total_price: "3.00" });
    const otherCart = await call("GET", "/cart", { token: user.token });
    expect(otherCart.body.items.some((item: any) => item.book_id === doomed.id)).toBe(false);

    const history = await call("GET", `/orders/${order.body.id}`, { token: buyer.token });
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(2);
    const gone = history.body.items.find((item: any) => item.unit_price === "7.25");
    expect(gone).toMatchObject({ book_id: null, book: null, quantity: 2, unit_price: "7.25" });
    const stays = history.body.items.find((item: any) => item.unit_price === "3.00");
    expect(stays).toMatchObject({ book_id: kept.id, book: { id: kept.id, title: "Kept" }, quantity: 1 });
    expect(history.body.total_price).toBe("17.50");
  });
});

describe("database CHECK constraints", () => {
  test("stock_quantity >= 0 and price > 0 are enforced by PostgreSQL", async () => {
    const book = await createBook(admin, {}, 2);
    await expect(pool.query("UPDATE books SET stock_quantity = -1 WHERE id = $1", [book.id])).rejects.toMatchObject({ code: "23514" });
    await expect(pool.query("UPDATE books SET price = 0 WHERE id = $1", [book.id])).rejects.toMatchObject({ code: "23514" });
    await expect(pool.query("UPDATE books SET price = -5 WHERE id = $1", [book.id])).rejects.toMatchObject({ code: "23514" });
    const { rows } = await pool.query("SELECT stock_quantity, price FROM books WHERE id = $1", [book.id]);
    expect(rows[0]).toEqual({ stock_quantity: 2, price: "10.00" });
  });
});
