import { AppError, validationError } from "../../core/errors.ts";
import { parseMoney } from "../../core/schemas.ts";
import { type Db, violates } from "../../db/pool.ts";
import {
  countBooks,
  deleteBook as deleteBookQuery,
  findBook,
  type IFindBookResult,
  insertBook,
  listBooks as listBooksQuery,
  setBookStock,
  updateBook as updateBookQuery,
} from "../../db/queries/books.queries.ts";
import { normalizeIsbn } from "./isbn.ts";
import type { Book, CreateBookBody, ListBooksQuery, UpdateBookBody } from "./model.ts";

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

export async function listBooks(db: Db, query: ListBooksQuery) {
  // The search text is a literal: escape LIKE's wildcards before wrapping it in %…%.
  const pattern = query.q?.trim() ? `%${query.q.trim().replace(/[\\%_]/g, "\\$&")}%` : null;
  const [{ total }] = (await countBooks.run({ pattern }, db)) as [{ total: number }];
  const rows = total > (query.page - 1) * query.size
    ? await listBooksQuery.run({ pattern, sort: query.sort, limit: query.size, offset: (query.page - 1) * query.size }, db)
    : [];
  return { items: rows.map(toBook), total, page: query.page, size: query.size };
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
