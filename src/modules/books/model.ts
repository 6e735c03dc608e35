import { type Static, t } from "elysia";
import { Integer, integerField, MAX_ID, MoneyInput, MoneyString, named, type WithDefaults } from "../../core/schemas.ts";

export const Book = named("Book", t.Object({
  id: Integer(),
  title: t.String(),
  author: t.String(),
  price: MoneyString,
  isbn: t.Nullable(t.String()),
  description: t.Nullable(t.String()),
  cover_image_url: t.Nullable(t.String()),
  publish_date: t.Nullable(t.String({ format: "date" })),
  stock_quantity: Integer(),
  in_stock: t.Boolean(),
  created_at: t.String({ format: "date-time" }),
  updated_at: t.String({ format: "date-time" }),
}));
export type Book = Static<typeof Book>;

const bookFields = {
  title: t.String({ minLength: 1, maxLength: 500, pattern: "\\S", error: "title must be 1 to 500 characters, not blank" }),
  author: t.String({ minLength: 1, maxLength: 255, pattern: "\\S", error: "author must be 1 to 255 characters, not blank" }),
  price: MoneyInput,
  isbn: t.Optional(t.Nullable(t.String({ maxLength: 32, description: "ISBN-10 or ISBN-13; hyphens and spaces are ignored" }))),
  description: t.Optional(t.Nullable(t.String({ maxLength: 10_000 }))),
  cover_image_url: t.Optional(
    t.Nullable(t.String({ maxLength: 2048, pattern: "^https?://\\S+$", error: "cover_image_url must be an http(s) URL of at most 2048 characters" })),
  ),
  publish_date: t.Optional(
    t.Nullable(t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", error: "publish_date must be a date as YYYY-MM-DD" })),
  ),
};

export const CreateBookBody = t.Object(bookFields);
export type CreateBookBody = Static<typeof CreateBookBody>;

export const UpdateBookBody = t.Partial(t.Object(bookFields));
export type UpdateBookBody = Static<typeof UpdateBookBody>;

export const StockBody = t.Object({
  quantity: Integer({ minimum: 0, maximum: MAX_ID, error: "quantity must be an integer of at least 0" }),
});

export const BOOK_SORTS = ["title", "-title", "price", "-price", "created_at", "-created_at"] as const;
export type BookSort = (typeof BOOK_SORTS)[number];

export const ListBooksQuery = t.Object({
  page: t.Optional(integerField("page", "an integer from 1 to 1000000", { minimum: 1, maximum: 1_000_000, default: 1 })),
  size: t.Optional(integerField("size", "an integer from 1 to 100", { minimum: 1, maximum: 100, default: 20 })),
  q: t.Optional(t.String({ maxLength: 200, description: "Case-insensitive search in title and author" })),
  sort: t.Optional(t.UnionEnum([...BOOK_SORTS], {
    default: "title",
    error: `sort must be one of ${BOOK_SORTS.join(", ")}`,
    description: "Sort key; a leading '-' sorts descending",
  })),
});
export const LIST_BOOKS_DEFAULTED = ["page", "size", "sort"] as const;
export type ListBooksQuery = WithDefaults<Static<typeof ListBooksQuery>, (typeof LIST_BOOKS_DEFAULTED)[number]>;

export const BookPage = named("BookPage", t.Object({
  items: t.Array(Book),
  total: Integer({ description: "How many books match: exact up to 10 000, above that possibly an estimate (see total_exact)" }),
  total_exact: t.Boolean({ description: "false when total is an estimate (only ever above 10 000 matches)" }),
  page: Integer(),
  size: Integer(),
}));
export type BookPage = Static<typeof BookPage>;
