import { Elysia, t } from "elysia";
import type pg from "pg";
import { type AccessTokens, authPlugin } from "../../core/auth.ts";
import { noContent } from "../../core/responses.ts";
import { defaultsApplied, errorResponses, IdParams } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { primaryReads, type Reads } from "../../db/replicas.ts";
import { Book, BookPage, CreateBookBody, LIST_BOOKS_DEFAULTED, ListBooksQuery, StockBody, UpdateBookBody } from "./model.ts";
import * as books from "./service.ts";

/**
 * `exactTotalUpTo`: SPEC's 10 000; tests lower it to reach the estimates on a small catalog.
 * `reads`: where the list and single-book reads go (a replica, when there are replicas).
 */
export const booksModule = (
  pool: pg.Pool,
  tokens: AccessTokens,
  { exactTotalUpTo = books.EXACT_TOTAL_UP_TO, reads = primaryReads(pool) }: { exactTotalUpTo?: number; reads?: Reads } = {},
) => {
  const db = prepared(pool);
  return new Elysia({ name: "books-routes", prefix: "/books", detail: { tags: ["books"] } })
    .use(authPlugin(tokens))
    .get("", ({ query }) => books.listBooks(reads.pick(), defaultsApplied(query, LIST_BOOKS_DEFAULTED), exactTotalUpTo), {
      query: ListBooksQuery,
      response: { 200: BookPage, ...errorResponses(422) },
      detail: { summary: "Browse the catalog (paged, searchable, sortable)" },
    })
    .get("/:id", ({ params }) => books.getBook(reads.pick(), params.id), {
      params: IdParams,
      response: { 200: Book, ...errorResponses(404, 422) },
      detail: { summary: "One book" },
    })
    .post("", ({ body, status }) => books.createBook(db, body).then((book) => status(201, book)), {
      admin: true,
      body: CreateBookBody,
      response: { 201: Book, ...errorResponses(401, 403, 409, 422) },
      detail: { summary: "Add a book (admin); stock starts at 0" },
    })
    .put("/:id", ({ params, body }) => books.updateBook(db, params.id, body), {
      admin: true,
      params: IdParams,
      body: UpdateBookBody,
      response: { 200: Book, ...errorResponses(401, 403, 404, 409, 422) },
      detail: { summary: "Change any subset of a book's fields (admin)" },
    })
    .patch("/:id/stock", ({ params, body }) => books.setStock(db, params.id, body.quantity), {
      admin: true,
      params: IdParams,
      body: StockBody,
      response: { 200: Book, ...errorResponses(401, 403, 404, 422) },
      detail: { summary: "Set the absolute stock quantity (admin)" },
    })
    .delete(
      "/:id",
      async ({ params }) => {
        await books.deleteBook(db, params.id);
        return noContent();
      },
      {
        admin: true,
        params: IdParams,
        response: { 204: t.Void(), ...errorResponses(401, 403, 404, 422) },
        detail: { summary: "Delete a book (admin): leaves carts, order history keeps the lines" },
      },
    );
};
