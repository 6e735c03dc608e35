import { type Context, Elysia, t } from "elysia";
import type pg from "pg";
import { type AccessTokens, authPlugin, type CurrentUser } from "../../core/auth.ts";
import { pagedByLink } from "../../core/openapi.ts";
import { nextLink, PAGING_DEFAULTED } from "../../core/paging.ts";
import { defaultsApplied, ErrorBody, errorResponses, IdParams } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { IDEMPOTENCY_HEADER, type IdempotentRequest, parseIdempotencyKey, runIdempotent } from "./idempotency.ts";
import * as lifecycle from "./lifecycle.ts";
import {
  type Actor,
  AdminOrdersQuery,
  CancelBody,
  CheckoutBody,
  IdempotencyKeyParameter,
  InsufficientStockBody,
  Order,
  OrderDetail,
  OrdersQuery,
  ShipBody,
} from "./model.ts";
import type { PaymentGateway } from "./payment.ts";
import * as orders from "./service.ts";

/** An idempotent route's success status, and the failures it records (any other releases the key). */
interface IdempotentRoute {
  status: number;
  recordedErrors: ReadonlySet<string>;
}

const CHECKOUT: IdempotentRoute = {
  status: 201,
  recordedErrors: new Set(["ORDER_PAYMENT_FAILED", "ORDER_INSUFFICIENT_STOCK", "ORDER_CART_EMPTY"]),
};
const CANCEL: IdempotentRoute = { status: 200, recordedErrors: new Set(["ORDER_INVALID_TRANSITION"]) };

const described = (schema: typeof ErrorBody, description: string) => ({ ...schema, description });
const transitionConflict = described(ErrorBody, "ORDER_INVALID_TRANSITION: detail (and current_status) name the order's status");

export const ordersModule = (pool: pg.Pool, tokens: AccessTokens, payment: PaymentGateway) => {
  const db = prepared(pool);

  /**
   * Runs `action` and answers its order: directly without an Idempotency-Key; with one, once
   * per key (idempotency.ts), its success recorded in the action's own transaction and the
   * answer being the recorded bytes, so that a replay is identical to the first answer.
   */
  function idempotently(
    { request, set, user }: { request: Request; set: Context["set"]; user: CurrentUser },
    route: IdempotentRoute,
    effective: Omit<IdempotentRequest, "method">,
    action: (beforeCommit?: orders.BeforeCommit) => Promise<OrderDetail>,
  ): Promise<OrderDetail> {
    const key = parseIdempotencyKey(request.headers.get(IDEMPOTENCY_HEADER) ?? undefined);
    if (key === undefined) {
      set.status = route.status;
      return action();
    }
    // Typed as the body it answers on success (its errors are the route's declared error
    // bodies): Elysia sends the Response of a recorded outcome as it is.
    return once(user.id, key, { method: request.method, ...effective }, route, action) as Promise<unknown> as Promise<OrderDetail>;
  }

  async function once(
    userId: number,
    key: string,
    asRun: IdempotentRequest,
    route: IdempotentRoute,
    action: (beforeCommit?: orders.BeforeCommit) => Promise<OrderDetail>,
  ): Promise<Response> {
    const { outcome, replayed } = await runIdempotent(pool, { userId, key }, asRun, route.recordedErrors, async (record) => {
      let recorded = "";
      await action((tx, order) => {
        recorded = JSON.stringify(order);
        return record(tx, { status: route.status, body: recorded });
      });
      return { status: route.status, body: recorded };
    });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (replayed) headers["idempotent-replayed"] = "true";
    return new Response(outcome.body, { status: outcome.status, headers });
  }

  /** Both cancel routes: the owner's and the admin's, told apart by `actor` and their path. */
  function cancelOrder(
    actor: Actor,
    prefix: string,
    context: { user: CurrentUser; params: { id: number }; body: CancelBody | null; request: Request; set: Context["set"] },
  ) {
    const { user, params, body } = context;
    const reason = body?.reason;
    const forceRefundFailure = body?.force_refund_failure ?? false;
    // The request as cancel sees it: an empty body, {} and the explicit default are one request.
    const effective = { path: `${prefix}/orders/${params.id}/cancel`, body: { reason, force_refund_failure: forceRefundFailure } };
    return idempotently(context, CANCEL, effective, (beforeCommit) =>
      lifecycle.cancel(pool, payment, params.id, { actor, userId: user.id }, { reason, forceRefundFailure }, beforeCommit));
  }

  const cancelDetail = (who: string) => ({
    parameters: [IdempotencyKeyParameter],
    summary: `Cancel a confirmed order (${who}): payment refunded in full, every line back in stock`,
    description:
      "One transaction. Errors: 404 ORDER_NOT_FOUND, 409 ORDER_INVALID_TRANSITION (the order is not confirmed; detail names " +
      "its status), 502 PAYMENT_REFUND_FAILED (the gateway declined; nothing changed); with an Idempotency-Key also " +
      "409 IDEMPOTENCY_KEY_IN_USE and 422 IDEMPOTENCY_KEY_REUSED. 200 and 409 ORDER_INVALID_TRANSITION are recorded " +
      "under the key; any other outcome releases it.",
  });

  const adminTransition = (summary: string) => ({
    admin: true as const,
    params: IdParams,
    response: { 200: OrderDetail, ...errorResponses(401, 403, 404, 422, 503), 409: transitionConflict },
    detail: {
      summary,
      description: "One guarded statement. Errors: 404 ORDER_NOT_FOUND, 409 ORDER_INVALID_TRANSITION (detail names the order's status).",
      tags: ["admin"],
    },
  });

  return new Elysia({ name: "orders-routes", detail: { tags: ["orders"] } })
    .use(authPlugin(tokens))
    .post(
      "/orders/checkout",
      (context) => {
        const forceFailure = context.body?.force_payment_failure ?? false;
        // The request as checkout sees it: an empty body, {} and the explicit default are one request.
        const effective = { path: "/orders/checkout", body: { force_payment_failure: forceFailure } };
        return idempotently(context, CHECKOUT, effective, (beforeCommit) =>
          orders.checkout(pool, payment, context.user.id, forceFailure, beforeCommit));
      },
      {
        auth: true,
        body: CheckoutBody,
        response: {
          201: OrderDetail,
          ...errorResponses(401, 402, 422, 503),
          409: t.Union([InsufficientStockBody, ErrorBody], {
            description: "ORDER_INSUFFICIENT_STOCK, or IDEMPOTENCY_KEY_IN_USE (with Retry-After)",
          }),
        },
        detail: {
          // Documented here rather than validated by a `headers` schema, which would make Elysia
          // build a headers object on every request; parseIdempotencyKey validates it.
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
      async ({ user, query: given, request, set }) => {
        const query = defaultsApplied(given, PAGING_DEFAULTED);
        const page = await orders.listOrderPage(db, { userId: user.id }, query);
        Object.assign(set.headers, nextLink(request, page, query.limit));
        return page.orders;
      },
      {
        auth: true,
        query: OrdersQuery,
        response: { 200: t.Array(Order), ...errorResponses(401, 422) },
        detail: { summary: "The current user's orders, newest first; Link rel=\"next\" while more exist", ...pagedByLink },
      },
    )
    .get("/orders/:id", ({ user, params }) => orders.getOrder(db, user.id, params.id), {
      auth: true,
      params: IdParams,
      response: { 200: OrderDetail, ...errorResponses(401, 404, 422) },
      detail: { summary: "One of the current user's orders, with its history" },
    })
    .post("/orders/:id/cancel", (context) => cancelOrder("user", "", context), {
      auth: true,
      params: IdParams,
      body: CancelBody,
      response: { 200: OrderDetail, ...errorResponses(401, 404, 422, 502, 503), 409: transitionConflict },
      detail: cancelDetail("its buyer; another user's order is 404"),
    })
    .get(
      "/admin/orders",
      async ({ query: given, request, set }) => {
        const query = defaultsApplied(given, PAGING_DEFAULTED);
        const page = await orders.listOrderPage(db, { userId: query.user_id, status: query.status }, query);
        Object.assign(set.headers, nextLink(request, page, query.limit));
        return page.orders;
      },
      {
        admin: true,
        query: AdminOrdersQuery,
        response: { 200: t.Array(Order), ...errorResponses(401, 403, 422) },
        detail: { summary: "Every user's orders (admin), optionally one user's and/or one status", tags: ["admin"], ...pagedByLink },
      },
    )
    .get("/admin/orders/:id", ({ params }) => orders.getOrder(db, undefined, params.id), {
      admin: true,
      params: IdParams,
      response: { 200: OrderDetail, ...errorResponses(401, 403, 404, 422) },
      detail: { summary: "Any user's order, with its history (admin)", tags: ["admin"] },
    })
    .post("/admin/orders/:id/cancel", (context) => cancelOrder("admin", "/admin", context), {
      admin: true,
      params: IdParams,
      body: CancelBody,
      response: { 200: OrderDetail, ...errorResponses(401, 403, 404, 422, 502, 503), 409: transitionConflict },
      detail: { ...cancelDetail("admin, any user's order"), tags: ["admin"] },
    })
    .post(
      "/admin/orders/:id/ship",
      ({ user, params, body }) => lifecycle.ship(pool, params.id, { actor: "admin", userId: user.id }, body ?? {}),
      { ...adminTransition("Ship a confirmed order, with its carrier and tracking number when known (admin)"), body: ShipBody },
    )
    .post(
      "/admin/orders/:id/deliver",
      ({ user, params }) => lifecycle.deliver(pool, params.id, { actor: "admin", userId: user.id }),
      adminTransition("Mark a shipped order delivered (admin)"),
    );
};
