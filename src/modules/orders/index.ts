import { Elysia, t } from "elysia";
import type pg from "pg";
import { type AccessTokens, authPlugin } from "../../core/auth.ts";
import { errorResponses, IdParams } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { IDEMPOTENCY_HEADER, parseIdempotencyKey, runIdempotent } from "./idempotency.ts";
import { AdminOrdersQuery, CheckoutBody, IdempotencyKeyParameter, InsufficientStockBody, Order, OrdersQuery } from "./model.ts";
import type { PaymentGateway } from "./payment.ts";
import * as orders from "./service.ts";

/** RFC 8288 link to the next page: the request's own URL with `before` moved on. */
function nextLink(request: Request, page: orders.OrderPage, limit: number): Record<string, string> {
  if (page.nextBefore === undefined) return {};
  const url = new URL(request.url);
  url.searchParams.set("before", String(page.nextBefore));
  url.searchParams.set("limit", String(limit));
  return { link: `<${url.pathname}${url.search}>; rel="next"` };
}

/** Checkout's business failures worth replaying under its Idempotency-Key. */
const CHECKOUT_RECORDED = new Set(["ORDER_PAYMENT_FAILED", "ORDER_INSUFFICIENT_STOCK", "ORDER_CART_EMPTY"]);

export const ordersModule = (pool: pg.Pool, tokens: AccessTokens, payment: PaymentGateway) => {
  const db = prepared(pool);
  return new Elysia({ name: "orders-routes", detail: { tags: ["orders"] } })
    .use(authPlugin(tokens))
    .post(
      "/orders/checkout",
      async ({ user, body, request, status }) => {
        const forceFailure = body?.force_payment_failure ?? false;
        const key = parseIdempotencyKey(request.headers.get(IDEMPOTENCY_HEADER) ?? undefined);
        if (key === undefined) return status(201, await orders.checkout(pool, payment, user.id, forceFailure));
        const scope = { userId: user.id, key };
        // The request as checkout sees it: an empty body, {} and the explicit default are one request.
        const asRun = { method: "POST", path: "/orders/checkout", body: { force_payment_failure: forceFailure } };
        const { outcome, replayed } = await runIdempotent(pool, scope, asRun, CHECKOUT_RECORDED, async (record) => {
          let recorded = "";
          await orders.checkout(pool, payment, user.id, forceFailure, (tx, order) => {
            recorded = JSON.stringify(order);
            return record(tx, { status: 201, body: recorded });
          });
          return { status: 201, body: recorded };
        });
        // The recorded bytes themselves, so that a replay is identical to the first answer.
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (replayed) headers["idempotent-replayed"] = "true";
        return new Response(outcome.body, { status: outcome.status, headers });
      },
      {
        auth: true,
        body: CheckoutBody,
        response: {
          201: Order,
          ...errorResponses(401, 402, 422, 503),
          409: t.Union([InsufficientStockBody, errorResponses(409)[409]!], {
            description: "ORDER_INSUFFICIENT_STOCK, or IDEMPOTENCY_KEY_IN_USE (with Retry-After)",
          }),
        },
        detail: {
          // Documented here rather than validated by a `headers` schema, which would make Elysia
          // build a headers object on every checkout; parseIdempotencyKey validates it.
          parameters: [IdempotencyKeyParameter],
          summary: "Turn the cart into an order: stock checked and taken, payment charged, cart emptied",
          description:
            "One transaction. Errors: 402 ORDER_PAYMENT_FAILED, 409 ORDER_INSUFFICIENT_STOCK (every short line in `items`), " +
            "422 ORDER_CART_EMPTY; with an Idempotency-Key also 409 IDEMPOTENCY_KEY_IN_USE and 422 IDEMPOTENCY_KEY_REUSED. " +
            "Nothing changes on any error.",
        },
      },
    )
    .get(
      "/orders",
      async ({ user, query, request, set }) => {
        const page = await orders.listOrderPage(db, user.id, query);
        Object.assign(set.headers, nextLink(request, page, query.limit));
        return page.orders;
      },
      {
        auth: true,
        query: OrdersQuery,
        response: { 200: t.Array(Order), ...errorResponses(401, 422) },
        detail: { summary: "The current user's orders, newest first; Link rel=\"next\" while more exist" },
      },
    )
    .get("/orders/:id", ({ user, params }) => orders.getOrder(db, user.id, params.id), {
      auth: true,
      params: IdParams,
      response: { 200: Order, ...errorResponses(401, 404, 422) },
      detail: { summary: "One of the current user's orders" },
    })
    .get(
      "/admin/orders",
      async ({ query, request, set }) => {
        const page = await orders.listOrderPage(db, query.user_id, query);
        Object.assign(set.headers, nextLink(request, page, query.limit));
        return page.orders;
      },
      {
        admin: true,
        query: AdminOrdersQuery,
        response: { 200: t.Array(Order), ...errorResponses(401, 403, 422) },
        detail: { summary: "Every user's orders (admin), optionally one user's", tags: ["admin"] },
      },
    );
};
