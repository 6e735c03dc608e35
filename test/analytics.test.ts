import { beforeAll, describe, expect, test } from "bun:test";
import { runDbmate } from "../src/db/migrate.ts";
import type pg from "pg";
import { prepared } from "../src/db/pool.ts";
import { resetSalesRollups } from "../src/db/queries/analytics.queries.ts";
import { closeSalesDays, rebuildSalesRollups, takeOffSales } from "../src/modules/analytics/service.ts";
import { type Reply, setupTestApp } from "./support/app.ts";
import { eventually } from "./support/events.ts";
import { insertUsers } from "./support/fixtures.ts";
import { runCli, startServerProcess } from "./support/process.ts";
import { dereferencedDocument } from "./support/openapi.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

/** The instant the app takes for now; each test sets it. */
let now = new Date();
const t = await setupTestApp({ clock: () => now });
const admin = await t.createAdmin();
const [buyer] = await insertUsers(t.pool, 1);
const user = buyer!;

const get = (path: string, token = admin.token) => t.call("GET", `/admin/analytics${path}`, { token });

function expectError(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
}

async function insertBook(price: string, stock = 100, title = `Book ${price}`): Promise<number> {
  const { rows } = await t.pool.query<{ id: number }>(
    "INSERT INTO books (title, author, price, stock_quantity) VALUES ($1, $2, $3, $4) RETURNING id",
    [title, `Author of ${title}`, price, stock],
  );
  return rows[0]!.id;
}

type Line = [bookId: number, quantity: number, unitPrice: string];

/** An order placed directly at `createdAt` (checkout always stamps now()); the rollups are not touched. */
async function insertOrder(db: pg.Pool | pg.PoolClient, createdAt: string, lines: Line[], status = "confirmed"): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `WITH o AS (
       INSERT INTO orders (user_id, status, created_at, updated_at, payment_reference)
       VALUES ($1, $2, $3, $3, 'test') RETURNING id
     ), i AS (
       INSERT INTO order_items (order_id, book_id, quantity, unit_price)
       SELECT o.id, l.book_id, l.quantity, l.unit_price
       FROM o CROSS JOIN unnest($4::int[], $5::int[], $6::numeric[]) AS l (book_id, quantity, unit_price)
     )
     SELECT id FROM o`,
    [user.id, status, createdAt, lines.map((l) => l[0]), lines.map((l) => l[1]), lines.map((l) => l[2])],
  );
  return rows[0]!.id;
}

const cents = (money: string) => BigInt(money.replace(".", ""));

/**
 * The rollups started over at `from` (a day) and closed up to `now` (a test's instant), as the
 * housekeeping closes them. Earlier days count as closed but are not in them: only for orders
 * that are all later (the CLI rebuilds from the first order).
 */
async function rollUp(from: string, now: Date): Promise<number> {
  await resetSalesRollups.run({ closedBefore: from }, t.pool);
  return closeSalesDays(t.pool, { now });
}

const closedBefore = async () => (await t.pool.query("SELECT closed_before::text AS day FROM sales_rollup_state")).rows[0].day as string;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);
/** 1 a.m. UTC of the day after `at`: past the five minutes a closing waits, whatever the time of the run. */
const nextDayAtOne = (at: Date) => new Date(`${utcDay(new Date(at.getTime() + 86_400_000))}T01:00:00Z`);

/** The rollups' content (zero rows left out): what closing and cancels kept must equal rolling up again. */
async function rollups() {
  const { rows } = await t.pool.query(
    `SELECT json_build_object(
       'days', (SELECT json_agg(d ORDER BY d.day) FROM (SELECT day, sum(orders)::int AS orders, sum(units)::int AS units, sum(revenue_cents)::text AS revenue
                FROM daily_sales GROUP BY day HAVING sum(orders) <> 0 OR sum(units) <> 0) d),
       'books', (SELECT json_agg(b ORDER BY b.period, b.period_start, b.book_id) FROM (SELECT period, period_start, coalesce(bk.id, -1) AS book_id,
                 sum(units)::int AS units, sum(revenue_cents)::text AS revenue
                 FROM book_period_sales s LEFT JOIN books bk ON bk.id = s.book_id GROUP BY 1, 2, 3 HAVING sum(units) <> 0) b)
     ) AS r`,
  );
  return rows[0].r;
}

describe("a hand-built set of orders across period boundaries", () => {
  let [b1, b2, b3] = [0, 0, 0];
  beforeAll(async () => {
  let b4: number;
  [b1, b2, b3, b4] = [await insertBook("10.00"), await insertBook("5.50"), await insertBook("2.25"), await insertBook("7.00")];
  await insertOrder(t.pool, "2028-03-01T00:00:00Z", [[b1, 2, "10.00"]]); // A: today's first instant
  await insertOrder(t.pool, "2028-02-29T23:59:59.999Z", [[b2, 1, "5.50"]]); // B: the leap day's last instant
  await insertOrder(t.pool, "2028-02-29T10:29:59.999Z", [[b1, 1, "10.00"], [b3, 3, "2.25"]]); // C: inside yesterday's window
  await insertOrder(t.pool, "2028-02-29T10:30:00Z", [[b2, 2, "5.50"]]); // D: at the window's end, outside
  await insertOrder(t.pool, "2028-03-01T10:29:00Z", [[b1, 5, "10.00"]], "cancelled"); // E: cancelled
  await insertOrder(t.pool, "2028-02-27T23:59:59Z", [[b3, 1, "2.25"]]); // G: Sunday, the week before
  await insertOrder(t.pool, "2028-02-28T00:00:00Z", [[b4, 3, "7.00"]]); // H: Monday midnight, a book deleted below
  await insertOrder(t.pool, "2028-02-01T10:00:00Z", [[b2, 1, "5.50"]], "shipped"); // I: inside last month's window
  await insertOrder(t.pool, "2027-03-02T10:29:00Z", [[b1, 1, "10.00"]], "delivered"); // J: inside last year's window
  await insertOrder(t.pool, "2027-03-02T10:30:00Z", [[b1, 1, "10.00"]]); // K: at its end, outside
  await insertOrder(t.pool, "2027-12-31T23:59:59Z", [[b1, 1, "10.00"]]); // L: last year, after its window
  // Every day before "today" (1 March) rolled up, while b4 existed: its rows keep its id, which
  // reads must group under null. Today's orders are read from the orders.
  await rollUp("2027-01-01", new Date("2028-03-01T10:30:00Z"));
  expect(await closedBefore()).toBe("2028-03-01");
  await t.pool.query("DELETE FROM books WHERE id = $1", [b4]);
  });

  const sales = async (period: string) => {
    now = new Date("2028-03-01T10:30:00Z");
    const reply = await get(`/sales?period=${period}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const figures = (revenue: string, orders: number, units: number, average_order_value: string) => ({ revenue, orders, units, average_order_value });

  test("today: from UTC midnight to now, against yesterday up to the same time (C in, D out, E cancelled)", async () => {
    expect(await sales("today")).toEqual({
      period: "today",
      from: "2028-03-01T00:00:00.000Z",
      to: "2028-03-01T10:30:00.000Z",
      ...figures("20.00", 1, 2, "20.00"),
      previous: { from: "2028-02-29T00:00:00.000Z", to: "2028-02-29T10:30:00.000Z", ...figures("16.75", 1, 4, "16.75") },
      change: { revenue: "19.40", orders: "0.00", average_order_value: "19.40" },
    });
  });

  test("week: from Monday (the leap day inside); an empty previous week is 0.00 with null changes", async () => {
    expect(await sales("week")).toEqual({
      period: "week",
      from: "2028-02-28T00:00:00.000Z",
      to: "2028-03-01T10:30:00.000Z",
      ...figures("74.25", 5, 12, "14.85"),
      previous: { from: "2028-02-21T00:00:00.000Z", to: "2028-02-23T10:30:00.000Z", ...figures("0.00", 0, 0, "0.00") },
      change: { revenue: null, orders: null, average_order_value: null },
    });
  });

  test("month: from the first; the previous month for the same 10.5 hours", async () => {
    expect(await sales("month")).toEqual({
      period: "month",
      from: "2028-03-01T00:00:00.000Z",
      to: "2028-03-01T10:30:00.000Z",
      ...figures("20.00", 1, 2, "20.00"),
      previous: { from: "2028-02-01T00:00:00.000Z", to: "2028-02-01T10:30:00.000Z", ...figures("5.50", 1, 1, "5.50") },
      change: { revenue: "263.64", orders: "0.00", average_order_value: "263.64" },
    });
  });

  test("year: 60 days and 10.5 hours of 2028 against as long from 1 January 2027; averages rounded half up", async () => {
    expect(await sales("year")).toEqual({
      period: "year",
      from: "2028-01-01T00:00:00.000Z",
      to: "2028-03-01T10:30:00.000Z",
      ...figures("82.00", 7, 14, "11.71"),
      previous: { from: "2027-01-01T00:00:00.000Z", to: "2027-03-02T10:30:00.000Z", ...figures("10.00", 1, 1, "10.00") },
      change: { revenue: "720.00", orders: "600.00", average_order_value: "17.14" },
    });
  });

  test("month is the default; previous.to never passes the previous period's end", async () => {
    now = new Date("2028-03-31T12:00:00Z");
    const reply = await get("/sales");
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      period: "month",
      from: "2028-03-01T00:00:00.000Z",
      ...figures("20.00", 1, 2, "20.00"),
      previous: { from: "2028-02-01T00:00:00.000Z", to: "2028-03-01T00:00:00.000Z", ...figures("62.00", 6, 12, "10.33") },
      change: { revenue: "-67.74", orders: "-83.33", average_order_value: "93.55" },
    });
  });

  test("a period with no orders at all: every figure 0 and every change null", async () => {
    now = new Date("2026-01-05T00:00:00Z");
    const reply = await get("/sales?period=today");
    expect(reply.body).toMatchObject({
      ...figures("0.00", 0, 0, "0.00"),
      previous: figures("0.00", 0, 0, "0.00"),
      change: { revenue: null, orders: null, average_order_value: null },
    });
  });

  test("a period after a busy one: change −100.00", async () => {
    now = new Date("2028-03-02T10:30:00Z");
    const reply = await get("/sales?period=today");
    expect(reply.body).toMatchObject({ ...figures("0.00", 0, 0, "0.00"), change: { revenue: "-100.00", orders: "-100.00", average_order_value: "-100.00" } });
  });

  const top = async (query: string) => {
    now = new Date("2028-03-01T10:30:00Z");
    const reply = await get(`/top-books?${query}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const book = (id: number | null, units: number, revenue: string) =>
    id === null ? { book_id: null, title: null, author: null, units, revenue } : { book_id: id, title: expect.any(String), author: expect.any(String), units, revenue };

  test("top books of the year by revenue (the default), the deleted book's lines under null", async () => {
    expect(await top("period=year")).toEqual([book(b1, 3, "30.00"), book(b2, 4, "22.00"), book(null, 3, "21.00"), book(b3, 4, "9.00")]);
  });

  test("top books by units: ties on ascending book id, null last", async () => {
    expect(await top("period=year&by=units")).toEqual([book(b2, 4, "22.00"), book(b3, 4, "9.00"), book(b1, 3, "30.00"), book(null, 3, "21.00")]);
    expect(await top("period=week&by=units")).toEqual([book(b1, 3, "30.00"), book(b2, 3, "16.50"), book(b3, 3, "6.75"), book(null, 3, "21.00")]);
  });

  test("top books: limit, today only (the cancelled order's book is not listed), an empty period", async () => {
    expect(await top("period=year&limit=2")).toEqual([book(b1, 3, "30.00"), book(b2, 4, "22.00")]);
    expect(await top("period=today")).toEqual([book(b1, 2, "20.00")]);
    const titles = await top("period=today");
    expect(titles[0]).toMatchObject({ title: "Book 10.00", author: "Author of Book 10.00" });
    now = new Date("2026-01-05T00:00:00Z");
    expect((await get("/top-books?period=month")).body).toEqual([]);
  });
});

describe("closing days and cancels keep the rollups", () => {
  test("an order counts at once and, cancelled, leaves every figure: before its day is closed and after", async () => {
    const today = utcDay(new Date());
    await rollUp(today, new Date()); // nothing closed from today on: the hand-built future orders stay raw
    const soon = new Date(Date.now() + 60_000);
    now = soon;
    const before = (await get("/sales?period=today")).body;
    const topBefore = (await get("/top-books?period=today&limit=50")).body;
    const bookA = await t.createBook(admin.token, { price: "12.34" }, 10);
    const bookB = await t.createBook(admin.token, { price: "0.99" }, 10);
    const buyer = await t.registerUser();
    const buy = async (lines: [number, number][]) => {
      for (const [book, quantity] of lines) await t.addToCart(buyer.token, book, quantity);
      return (await t.checkout(buyer.token)).body;
    };
    const order = await buy([[bookA.id, 2], [bookB.id, 3]]);
    expect(order.total_price).toBe("27.65");
    const after = (await get("/sales?period=today")).body;
    expect(after.orders).toBe(before.orders + 1);
    expect(after.units).toBe(before.units + 5);
    expect(cents(after.revenue) - cents(before.revenue)).toBe(2765n);
    expect((await get("/top-books?period=today&limit=50")).body).toContainEqual({ book_id: bookA.id, title: "A Book", author: "An Author", units: 2, revenue: "24.68" });

    // Cancelled while its day is open: it leaves the figures, and the rollups are not touched.
    const gone = await buy([[bookA.id, 1]]);
    expect((await t.call("POST", `/orders/${gone.id}/cancel`, { token: buyer.token })).status).toBe(200);
    expect((await get("/sales?period=today")).body).toEqual(after);
    expect(await rollups()).toEqual({ days: null, books: null });

    // The day closed: its rollup row holds its figures, and a range that takes it whole (the year
    // seen from tomorrow) reads the same from the rollups as it read from the orders.
    const tomorrow = new Date(Date.now() + 86_400_000);
    now = tomorrow;
    const yearFromOrders = (await get("/sales?period=year")).body;
    now = soon;
    const closing = nextDayAtOne(new Date());
    expect(await closeSalesDays(t.pool, { now: closing })).toBe(1);
    expect(await closedBefore()).toBe(utcDay(tomorrow));
    const kept = await rollups();
    expect(kept.days).toEqual([{ day: today, orders: after.orders, units: after.units, revenue: String(cents(after.revenue)) }]);
    expect((await get("/sales?period=today")).body).toEqual(after);
    now = tomorrow;
    expect((await get("/sales?period=year")).body).toEqual(yearFromOrders);
    const { from, to, ...yesterday } = (await get("/sales?period=today")).body.previous;
    const { from: _f, to: _t, period: _p, previous: _pr, change: _c, ...figuresAfter } = after;
    expect(yesterday).toEqual(figuresAfter);
    expect(await rollUp(today, closing)).toBe(1);
    expect(await rollups()).toEqual(kept);

    // Cancelled after its day closed: taken off the rollups in the cancel's transaction.
    expect((await t.call("POST", `/orders/${order.id}/cancel`, { token: buyer.token })).status).toBe(200);
    now = soon;
    expect((await get("/sales?period=today")).body).toEqual(before);
    expect((await get("/top-books?period=today&limit=50")).body).toEqual(topBefore);
    // This week's ranking, from the rollups (today is closed): bookB's only line is gone.
    expect((await get("/top-books?period=week&limit=50")).body).not.toContainEqual(expect.objectContaining({ book_id: bookB.id }));
    const afterCancel = await rollups();
    await rollUp(today, closing);
    expect(await rollups()).toEqual(afterCancel);
  });

  test("a day is closed only once no transaction begun on it is open (a checkout's order is stamped with its start)", async () => {
    const today = utcDay(new Date());
    const tomorrow = nextDayAtOne(new Date());
    await rollUp(today, new Date());
    const client = await t.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT 1"); // begun today, still open
      expect(await closeSalesDays(t.pool, { now: tomorrow })).toBe(0);
      expect(await closedBefore()).toBe(today);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await closeSalesDays(t.pool, { now: tomorrow })).toBe(1);
    // Not before five minutes past midnight either.
    await rollUp(today, new Date());
    const midnight = new Date(`${utcDay(tomorrow)}T00:04:59Z`);
    expect(await closeSalesDays(t.pool, { now: midnight })).toBe(0);
    expect(await closeSalesDays(t.pool, { now: new Date(midnight.getTime() + 1_000) })).toBe(1);
  });

  test("a server's start closes the days that are over (its housekeeping; hourly after that)", async () => {
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
    const book = await insertBook("4.00");
    await insertOrder(t.pool, daysAgo(3).toISOString(), [[book, 2, "4.00"]]);
    await resetSalesRollups.run({ closedBefore: utcDay(daysAgo(4)) }, t.pool);
    const server = await startServerProcess({ env: { DATABASE_URL: t.databaseUrl, JWT_SECRET: "j".repeat(32) } });
    try {
      await eventually(() => server.output().includes("sales rollups: closed days"), 10_000, "the start's closing");
      expect(await closedBefore()).toBe(utcDay(new Date(Date.now() - 5 * 60_000)));
      expect((await rollups()).days).toContainEqual({ day: utcDay(daysAgo(3)), orders: 1, units: 2, revenue: "800" });
    } finally {
      await server.stop();
    }
  });

  test("CLI analytics:rebuild rolls up again after orders were written into closed days; exits 2 on bad arguments", async () => {
    const cli = (args: string[]) => runCli("src/cli/analytics-rebuild.ts", args, { DATABASE_URL: t.databaseUrl, JWT_SECRET: "j".repeat(32) });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await rollUp(utcDay(new Date(Date.now() - 3 * 86_400_000)), new Date());
    const book = await insertBook("6.00");
    await insertOrder(t.pool, twoDaysAgo.toISOString(), [[book, 1, "6.00"]]); // an import into a closed day
    const day = async () => ((await rollups()).days ?? []).find((row: { day: string }) => row.day === utcDay(twoDaysAgo));
    const before = await day();
    const run = await cli([]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.stdout).toContain("sales rolled up again");
    expect(await day()).toEqual({ day: utcDay(twoDaysAgo), orders: (before?.orders ?? 0) + 1, units: (before?.units ?? 0) + 1, revenue: String(BigInt(before?.revenue ?? 0) + 600n) });
    for (const args of [["2026-01-01"], ["--all"]]) {
      const bad = await cli(args);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("usage");
    }
  });

  test("cancels racing the closing of their day: every order in the rollups once, or (cancelled) not at all", async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    const closing = nextDayAtOne(yesterday);
    const book = await insertBook("3.00", 1_000);
    for (let round = 0; round < 8; round++) {
      await resetSalesRollups.run({ closedBefore: utcDay(yesterday) }, t.pool);
      const ids: number[] = [];
      for (let i = 0; i < 24; i++) ids.push(await insertOrder(t.pool, yesterday.toISOString(), [[book, 1 + (i % 3), "3.00"]]));
      const cancels = ids.filter((_, i) => i % 2 === 0).map((id) => t.call("POST", `/admin/orders/${id}/cancel`, { token: admin.token }));
      const [closed, ...replies] = await Promise.all([Bun.sleep(round).then(() => closeSalesDays(t.pool, { now: closing })), ...cancels]);
      expect(closed).toBe(1);
      expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
      const kept = await rollups();
      await rollUp(utcDay(yesterday), closing);
      expect(await rollups()).toEqual(kept);
    }
  });
});

/** UTC calendar arithmetic, written independently of the SQL: the period's start, `steps` periods later. */
function periodStart(period: string, at: Date, steps = 0): Date {
  const [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
  if (period === "year") return new Date(Date.UTC(y + steps, 0, 1));
  if (period === "month") return new Date(Date.UTC(y, m + steps, 1));
  if (period === "week") return new Date(Date.UTC(y, m, d - ((at.getUTCDay() + 6) % 7) + 7 * steps));
  return new Date(Date.UTC(y, m, d + steps));
}

describe("against a plain query over random orders", () => {
  test("sales and top books for every period at 40 random instants", async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = (n: number) => Math.floor(random() * n);
    const books: number[] = [];
    for (let i = 0; i < 12; i++) books.push(await insertBook(`${1 + pick(40)}.${String(pick(100)).padStart(2, "0")}`, 100, `Random ${i}`));
    const start = Date.UTC(2031, 0, 1);
    const span = 2 * 366 * 86_400_000;
    // Placed as checkout places them (the rollups untouched), a few on one midnight.
    const orders: number[] = [];
    for (let i = 0; i < 300; i++) {
      const at = i % 25 === 0 ? periodStart("day", new Date(start + pick(span))) : new Date(start + pick(span));
      const lines: Line[] = [];
      for (const id of new Set(Array.from({ length: 1 + pick(3) }, () => books[pick(books.length)]!))) {
        lines.push([id, 1 + pick(4), `${1 + pick(30)}.${String(pick(100)).padStart(2, "0")}`]);
      }
      orders.push(await insertOrder(t.pool, at.toISOString(), lines));
    }
    // Cancelled as the cancel does it: the status, then take_off_cancelled_sales, in one transaction.
    const cancel = async (ids: number[]) => {
      const client = await t.pool.connect();
      try {
        for (const id of ids) {
          await client.query("BEGIN");
          await client.query("UPDATE orders SET status = 'cancelled' WHERE id = $1", [id]);
          await takeOffSales(prepared(client), id);
          await client.query("COMMIT");
        }
      } finally {
        client.release();
      }
    };
    // A twentieth cancelled before any day is closed; the days up to the middle of the second
    // year closed (from the first day of these orders: earlier ones are not read here); two
    // books deleted; another twentieth cancelled, closed days and open ones (some with those
    // books' lines). The instants below fall before and after where the rollups stop.
    await cancel(orders.filter((_, i) => i % 20 === 3));
    const closedUpTo = new Date(start + 1.5 * 366 * 86_400_000);
    expect(await rollUp("2031-01-01", closedUpTo)).toBeGreaterThan(500);
    await t.pool.query("DELETE FROM books WHERE id = ANY($1::int[])", [books.slice(0, 2)]);
    await cancel(orders.filter((_, i) => i % 20 === 13));

    const plainSales = async (from: Date, to: Date) => {
      const { rows } = await t.pool.query(
        `SELECT count(DISTINCT o.id)::int AS orders, coalesce(sum(i.quantity), 0)::int AS units, coalesce(sum(i.unit_price * i.quantity), 0) AS revenue
         FROM orders o JOIN order_items i ON i.order_id = o.id
         WHERE o.status <> 'cancelled' AND o.created_at >= $1 AND o.created_at < $2`,
        [from, to],
      );
      return rows[0] as { orders: number; units: number; revenue: string };
    };
    const plainRound = async (expression: string, values: unknown[]) =>
      (await t.pool.query(`SELECT round(${expression}, 2)::text AS v`, values)).rows[0].v as string | null;

    for (let sample = 0; sample < 40; sample++) {
      now = new Date(start + 366 * 86_400_000 + pick(366 * 86_400_000));
      if (sample % 8 === 0) now = periodStart("day", now); // at a midnight, empty partial day
      for (const period of ["today", "week", "month", "year"]) {
        const from = periodStart(period, now);
        const previousFrom = periodStart(period, now, -1);
        const previousTo = new Date(Math.min(previousFrom.getTime() + (now.getTime() - from.getTime()), from.getTime()));
        const [c, p] = [await plainSales(from, now), await plainSales(previousFrom, previousTo)];
        const average = (f: typeof c) => (f.orders ? plainRound("$1::numeric / $2", [f.revenue, f.orders]) : Promise.resolve("0.00"));
        const change = (a: string | number, b: string | number) => plainRound("($1::numeric - $2) * 100 / nullif($2::numeric, 0)", [a, b]);
        const averageChange = () =>
          c.orders === 0 ? (p.orders ? "-100.00" : null) : plainRound("($1::numeric / $2 - $3::numeric / nullif($4, 0)) * 100 / nullif($3::numeric / nullif($4, 0), 0)", [c.revenue, c.orders, p.revenue, p.orders]);
        const reply = await get(`/sales?period=${period}`);
        expect(reply.body).toEqual({
          period,
          from: from.toISOString(),
          to: now.toISOString(),
          revenue: await plainRound("$1::numeric", [c.revenue]),
          orders: c.orders,
          units: c.units,
          average_order_value: await average(c),
          previous: {
            from: previousFrom.toISOString(),
            to: previousTo.toISOString(),
            revenue: await plainRound("$1::numeric", [p.revenue]),
            orders: p.orders,
            units: p.units,
            average_order_value: await average(p),
          },
          change: { revenue: await change(c.revenue, p.revenue), orders: await change(c.orders, p.orders), average_order_value: await averageChange() },
        });

        const by = sample % 2 ? "units" : "revenue";
        const { rows: plainTop } = await t.pool.query(
          `SELECT i.book_id, b.title, b.author, sum(i.quantity)::int AS units, round(sum(i.unit_price * i.quantity), 2)::text AS revenue
           FROM orders o JOIN order_items i ON i.order_id = o.id LEFT JOIN books b ON b.id = i.book_id
           WHERE o.status <> 'cancelled' AND o.created_at >= $1 AND o.created_at < $2
           GROUP BY i.book_id, b.title, b.author
           ORDER BY ${by === "units" ? "sum(i.quantity)" : "sum(i.unit_price * i.quantity)"} DESC, i.book_id NULLS LAST
           LIMIT 50`,
          [from, now],
        );
        expect((await get(`/top-books?period=${period}&by=${by}&limit=50`)).body).toEqual(plainTop);
      }
    }
  });
});

describe("low stock", () => {
  test("books at or below the threshold, lowest first, ties on id; threshold 10 and limit 50 by default", async () => {
    await t.pool.query("UPDATE books SET stock_quantity = 1000");
    const [a, b, c, d] = [await insertBook("1.00", 3), await insertBook("1.00", 0), await insertBook("1.00", 3), await insertBook("1.00", 10)];
    await insertBook("1.00", 11);
    const row = (id: number, stock_quantity: number) => ({ id, title: "Book 1.00", author: "Author of Book 1.00", stock_quantity });
    expect((await get("/low-stock")).body).toEqual([row(b, 0), row(a, 3), row(c, 3), row(d, 10)]);
    expect((await get("/low-stock?threshold=3&limit=2")).body).toEqual([row(b, 0), row(a, 3)]);
    expect((await get("/low-stock?threshold=0")).body).toEqual([row(b, 0)]);
  });
});

describe("errors", () => {
  test("401 without a token or with a bad one, 403 for a user, on every route", async () => {
    for (const path of ["/sales", "/top-books", "/low-stock"]) {
      expectError(await t.call("GET", `/admin/analytics${path}`), 401, "AUTH_TOKEN_MISSING");
      expectError(await get(path, "not-a-token"), 401, "AUTH_TOKEN_INVALID");
      expectError(await get(path, user.token), 403, "AUTH_FORBIDDEN");
    }
  });

  test.each([
    ["/sales?period=decade", "period"],
    ["/sales?period=", "period"],
    ["/top-books?period=Week", "period"],
    ["/top-books?by=price", "by"],
    ["/top-books?limit=0", "limit"],
    ["/top-books?limit=51", "limit"],
    ["/top-books?limit=two", "limit"],
    ["/low-stock?threshold=-1", "threshold"],
    ["/low-stock?threshold=100001", "threshold"],
    ["/low-stock?threshold=1.5", "threshold"],
    ["/low-stock?limit=0", "limit"],
    ["/low-stock?limit=101", "limit"],
  ])("422 VALIDATION_ERROR for %s, naming %s", async (path, field) => {
    const reply = await get(path);
    expectError(reply, 422, "VALIDATION_ERROR");
    expect(JSON.stringify(reply.body.detail)).toContain(field);
  });
});

test("OpenAPI documents the three routes, their query parameters and error statuses", async () => {
  const { paths } = await dereferencedDocument(t.call);
  const parameter = (path: string, name: string) =>
    paths[`/admin/analytics/${path}`].get.parameters.find((p: { name: string }) => p.name === name).schema;
  for (const path of ["sales", "top-books", "low-stock"]) {
    expect(Object.keys(paths[`/admin/analytics/${path}`].get.responses).sort()).toEqual(["200", "401", "403", "422", "500", "503"]);
  }
  expect(parameter("sales", "period")).toMatchObject({ enum: ["today", "week", "month", "year"], default: "month" });
  expect(parameter("top-books", "by")).toMatchObject({ enum: ["revenue", "units"], default: "revenue" });
  expect(parameter("top-books", "limit")).toMatchObject({ minimum: 1, maximum: 50, default: 10 });
  expect(parameter("low-stock", "threshold")).toMatchObject({ minimum: 0, maximum: 100_000, default: 10 });
  expect(parameter("low-stock", "limit")).toMatchObject({ minimum: 1, maximum: 100, default: 50 });
  const sales = paths["/admin/analytics/sales"].get.responses["200"].content["application/json"].schema;
  expect(sales.required).toEqual(expect.arrayContaining(["period", "from", "to", "revenue", "previous", "change"]));
});

describe("the migration from rollups kept by checkout and cancel", () => {
  test("converts them exactly: the days before today closed, today's orders read from the orders", async () => {
    const dbmate = (command: string) => runDbmate(t.connection, [command], true);
    // Back to the previous release, whose down migration recomputes its rollups from the orders.
    expect(await dbmate("rollback")).toContain("lazy_sales_rollups");
    const book = await insertBook("8.00");
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    await insertOrder(t.pool, at(1), [[book, 2, "8.00"]]);
    await insertOrder(t.pool, at(40), [[book, 1, "8.00"]]);
    await insertOrder(t.pool, at(1), [[book, 5, "8.00"]], "cancelled");
    await insertOrder(t.pool, new Date().toISOString(), [[book, 3, "8.00"]]); // today: in the old rollups, not in the new
    await t.pool.query("SELECT rebuild_sales_rollups()"); // as that release's checkout and cancel kept them
    expect(await dbmate("up")).toContain("lazy_sales_rollups");

    expect(await closedBefore()).toBe(utcDay(new Date()));
    const converted = await rollups();
    expect(converted.days.map((row: { day: string }) => row.day)).not.toContain(utcDay(new Date()));
    // Rolled up from the orders instead, up to the same day: the same rows.
    expect(await rebuildSalesRollups(t.pool, { now: new Date(Date.now() + 5 * 60_000) })).toBeGreaterThan(0);
    expect(await rollups()).toEqual(converted);
  });
});
