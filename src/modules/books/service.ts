import { AppError, validationError } from "../../core/errors.ts";
import { parseMoney } from "../../core/schemas.ts";
import { type Db, violates } from "../../db/pool.ts";
import {
  countBooks,
  countBooksMatching,
  deleteBook as deleteBookQuery,
  estimateBooksMatching,
  findBook,
  findBooksInOrder,
  getCatalogStatistics,
  type IFindBookResult,
  insertBook,
  listBookIdsByCreatedAt,
  listBookIdsByCreatedAtDesc,
  listBookIdsByPrice,
  listBookIdsByPriceDesc,
  listBookIdsByTitle,
  listBookIdsByTitleDesc,
  listMatchingIdsByCreatedAt,
  listMatchingIdsByCreatedAtDesc,
  listMatchingIdsByPrice,
  listMatchingIdsByPriceDesc,
  listMatchingIdsByTitle,
  listMatchingIdsByTitleDesc,
  searchBookIds,
  setBookStock,
  updateBook as updateBookQuery,
} from "../../db/queries/books.queries.ts";
import { normalizeIsbn } from "./isbn.ts";
import type { Book, BookPage, BookSort, CreateBookBody, ListBooksQuery, UpdateBookBody } from "./model.ts";

export const bookNotFound = (field?: string) => new AppError(404, "BOOK_NOT_FOUND", "Book not found", field);

export function toBook(row: IFindBookResult): Book {
  return {
    ...row,
    in_stock: row.stock_quantity > 0,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export async function createBook(db: Db, body: CreateBookBody): Promise<Book> {
  const input = normalize(body);
  const [row] = await withIsbnConflict(insertBook.run({
    title: body.title,
    author: body.author,
    price: parseMoney(body.price, "price"),
    isbn: input.isbn,
    description: body.description,
    coverImageUrl: body.cover_image_url,
    publishDate: input.publish_date,
  }, db));
  return toBook(row!);
}

export async function getBook(db: Db, id: number): Promise<Book> {
  const [row] = await findBook.run({ id }, db);
  if (!row) throw bookNotFound();
  return toBook(row);
}

/** SPEC (Books): `total` is exact while at most this many books match; beyond, it may be an estimate. */
export const EXACT_TOTAL_UP_TO = 10_000;

/**
 * An estimate is taken as proof that more than `exactUpTo` books match (so they are not counted)
 * only when it is this many times `exactUpTo`. Estimates come from a sample of 1000 values per
 * column (the migration ..._books_sort_indexes_and_search_statistics): one that says 3 % when the
 * truth is 1 % is some 6 standard deviations off.
 */
const ESTIMATE_MARGIN = 3;

/** The queries that find a page's ids in each order (sql/books.sql): of all books, of a pattern's matches. */
const PAGE_IDS = {
  title: { all: listBookIdsByTitle, matching: listMatchingIdsByTitle },
  "-title": { all: listBookIdsByTitleDesc, matching: listMatchingIdsByTitleDesc },
  price: { all: listBookIdsByPrice, matching: listMatchingIdsByPrice },
  "-price": { all: listBookIdsByPriceDesc, matching: listMatchingIdsByPriceDesc },
  created_at: { all: listBookIdsByCreatedAt, matching: listMatchingIdsByCreatedAt },
  "-created_at": { all: listBookIdsByCreatedAtDesc, matching: listMatchingIdsByCreatedAtDesc },
} satisfies Record<BookSort, unknown>;

interface Total {
  total: number;
  total_exact: boolean;
}

/** A page's ids, in order, and the total. */
type Page = Total & { ids: number[] };

const exactly = (total: number): Total => ({ total, total_exact: true });
const estimated = (total: number): Total => ({ total: Math.round(total), total_exact: false });

/**
 * One page of the catalog in the requested order, at a cost that does not grow with the catalog
 * (README, "The catalog at scale"): without `q` the page comes from its sort key's index; with `q`
 * too when many books match (a walk in the index's order, keeping the matches), else from the
 * trigram indexes (every match, sorted). The choice is made here, from the planner's estimate of
 * the matches, so that each query has one plan whatever its parameters (sql/books.sql).
 */
export async function listBooks(db: Db, query: ListBooksQuery, exactUpTo = EXACT_TOTAL_UP_TO): Promise<BookPage> {
  // The search text is a literal: escape LIKE's wildcards before wrapping it in %…%.
  const pattern = query.q?.trim() ? `%${query.q.trim().replace(/[\\%_]/g, "\\$&")}%` : null;
  const page = { sort: query.sort, limit: query.size, offset: (query.page - 1) * query.size };
  const [stats] = await getCatalogStatistics.run(undefined, db);
  const { ids, ...total } = pattern === null
    ? await catalogPage(db, stats!.books, page, exactUpTo)
    : await searchPage(db, stats!, { ...page, pattern }, exactUpTo);
  const rows = ids.length ? await findBooksInOrder.run({ ids }, db) : [];
  return { items: rows.map(toBook), ...total, page: query.page, size: query.size };
}

interface PageParams {
  sort: BookSort;
  limit: number;
  offset: number;
}

async function catalogPage(db: Db, books: number | null, { sort, limit, offset }: PageParams, exactUpTo: number): Promise<Page> {
  // Counted (at most exactUpTo + 1 rows) unless the catalog is known to be far larger.
  const total = books === null || books < ESTIMATE_MARGIN * exactUpTo
    ? upTo(exactUpTo, (await countBooks.run({ atMost: exactUpTo + 1 }, db))[0]!.counted, books ?? 0)
    : estimated(books);
  const ids = total.total_exact && offset >= total.total ? [] : await idsOf(PAGE_IDS[sort].all.run({ limit, offset }, db));
  return settle(total, ids, limit, offset);
}

async function searchPage(
  db: Db,
  stats: { books: number | null; analyzed: boolean },
  { pattern, sort, limit, offset }: PageParams & { pattern: string },
  exactUpTo: number,
): Promise<Page> {
  // Without statistics the planner's estimate is a guess: then every match is fetched and counted.
  const estimate = stats.analyzed && stats.books !== null ? explained(await estimateBooksMatching.run({ pattern }, db)) : undefined;
  const trigrams = estimate?.indexed ?? true;
  const plan = estimate && searchPlan(estimate.rows, stats.books!, offset + limit, exactUpTo);
  if (!plan?.walk) {
    const found = await searchBookIds.run({ pattern, trigrams, sort, limit, offset }, db);
    return { ids: found.filter((row) => row.on_page).map((row) => row.id), ...exactly(found[0]?.total ?? 0) };
  }
  const total = plan.counted
    ? upTo(exactUpTo, (await countBooksMatching.run({ pattern, trigrams, atMost: exactUpTo + 1 }, db))[0]!.counted, estimate!.rows)
    : estimated(estimate!.rows);
  const ids = total.total_exact && offset >= total.total ? [] : await idsOf(PAGE_IDS[sort].matching.run({ pattern, limit, offset }, db));
  return settle(total, ids, limit, offset);
}

const idsOf = async (rows: Promise<{ id: number }[]>) => (await rows).map((row) => row.id);

/** The total from a count of at most exactUpTo + 1 rows: exact, or beyond exactUpTo the estimate. */
const upTo = (exactUpTo: number, counted: number, estimate: number): Total =>
  counted <= exactUpTo ? exactly(counted) : estimated(Math.max(estimate, counted));

/**
 * How to read a page of `q` results, from the estimate of the matches: walk the sort key's index
 * (about `wanted` × books / matches rows read to keep `wanted` matches) or fetch every match
 * (`matches` rows), whichever reads fewer rows; a row costs about the same either way (measured
 * at a million books: 1–2 µs walked, 2–3 µs fetched). The walk's matches are counted too (at most
 * exactUpTo + 1) unless the estimate is far above exactUpTo; fetching counts them anyway.
 */
function searchPlan(matches: number, books: number, wanted: number, exactUpTo: number) {
  const counted = matches < ESTIMATE_MARGIN * exactUpTo;
  const walk = (wanted * books) / Math.max(matches, 1) + (counted ? Math.min(matches, exactUpTo + 1) : 0);
  return { walk: walk < matches, counted };
}

/** A short page is the last one: an estimated total becomes exact there. */
function settle(total: Total, ids: number[], limit: number, offset: number): Page {
  return !total.total_exact && ids.length > 0 && ids.length < limit ? { ids, ...exactly(offset + ids.length) } : { ids, ...total };
}

interface PlanNode {
  "Plan Rows": number;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** EXPLAIN (FORMAT JSON)'s estimate of the rows its query returns, and whether it reads an index. */
function explained([row]: { "QUERY PLAN": unknown }[]): { rows: number; indexed: boolean } {
  const [{ Plan: plan }] = row!["QUERY PLAN"] as [{ Plan: PlanNode }];
  const indexed = (node: PlanNode): boolean => node["Index Name"] !== undefined || (node.Plans ?? []).some(indexed);
  return { rows: plan["Plan Rows"], indexed: indexed(plan) };
}

/** Only the fields present change; null clears an optional field. */
export async function updateBook(db: Db, id: number, body: UpdateBookBody): Promise<Book> {
  const patch = { ...body, ...normalize(body) };
  if (body.price !== undefined) patch.price = parseMoney(body.price, "price");
  const [row] = await withIsbnConflict(updateBookQuery.run({ id, patch }, db));
  if (!row) throw bookNotFound();
  return toBook(row);
}

export async function setStock(db: Db, id: number, quantity: number): Promise<Book> {
  const [row] = await setBookStock.run({ id, quantity }, db);
  if (!row) throw bookNotFound();
  return toBook(row);
}

/** Cart lines go with the book (cascade); order lines stay, their book_id set to null. */
export async function deleteBook(db: Db, id: number): Promise<void> {
  const [row] = await deleteBookQuery.run({ id }, db);
  if (!row) throw bookNotFound();
}

/** Field checks TypeBox cannot express: ISBN checksum, calendar dates. */
function normalize(body: UpdateBookBody): Pick<UpdateBookBody, "isbn" | "publish_date"> {
  const out: Pick<UpdateBookBody, "isbn" | "publish_date"> = {};
  if (body.isbn !== undefined) {
    out.isbn = body.isbn === null ? null : normalizeIsbn(body.isbn);
    if (out.isbn === undefined) throw validationError("isbn", "isbn must be a valid ISBN-10 or ISBN-13 (checksum)");
  }
  if (body.publish_date !== undefined) {
    out.publish_date = body.publish_date;
    if (body.publish_date !== null && !isCalendarDate(body.publish_date)) {
      throw validationError("publish_date", "publish_date must be a real calendar date as YYYY-MM-DD");
    }
  }
  return out;
}

/**
 * Rejects dates such as 2023-02-30 that the YYYY-MM-DD pattern lets through, and year 0000,
 * which JavaScript accepts but PostgreSQL's date does not (there is no year 0 AD).
 */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !value.startsWith("0000") && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

async function withIsbnConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (violates(error, "books_isbn_key")) throw new AppError(409, "BOOK_ISBN_CONFLICT", "A book with this ISBN exists", "isbn");
    throw error;
  }
}
