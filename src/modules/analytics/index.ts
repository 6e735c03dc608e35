import { Elysia, t } from "elysia";
import type pg from "pg";
import { type AccessTokens, authPlugin } from "../../core/auth.ts";
import { errorResponses } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { LowStockBook, LowStockQuery, SalesQuery, SalesSummary, TopBook, TopBooksQuery } from "./model.ts";
import * as analytics from "./service.ts";

const COUNTED = "Counted: orders not cancelled, by creation time, in the calendar period (UTC) up to now.";

/** `clock`: now, for the periods; tests fix it. */
export const analyticsModule = (pool: pg.Pool, tokens: AccessTokens, clock: analytics.Clock = () => new Date()) => {
  const db = prepared(pool);
  return new Elysia({ name: "analytics-routes", prefix: "/admin/analytics", detail: { tags: ["admin"] } })
    .use(authPlugin(tokens))
    .get("/sales", ({ query }) => analytics.getSales(db, query.period, clock()), {
      admin: true,
      query: SalesQuery,
      response: { 200: SalesSummary, ...errorResponses(401, 403, 422) },
      detail: {
        summary: "Revenue, orders, units and average order value of the period so far, against the previous period (admin)",
        description: `${COUNTED} previous: the period before, for the same elapsed time. change: percent, rounded half up, null when the previous value is 0.`,
      },
    })
    .get("/top-books", ({ query }) => analytics.getTopBooks(db, query, clock()), {
      admin: true,
      query: TopBooksQuery,
      response: { 200: t.Array(TopBook), ...errorResponses(401, 403, 422) },
      detail: {
        summary: "Best-selling books of the period so far, by revenue or units (admin)",
        description: `${COUNTED} Best first, ties on ascending book id; deleted books' lines together under book_id null, last among ties.`,
      },
    })
    .get("/low-stock", ({ query }) => analytics.getLowStock(db, query), {
      admin: true,
      query: LowStockQuery,
      response: { 200: t.Array(LowStockBook), ...errorResponses(401, 403, 422) },
      detail: { summary: "Books with stock_quantity ≤ threshold, lowest first, ties on id (admin)" },
    });
};
