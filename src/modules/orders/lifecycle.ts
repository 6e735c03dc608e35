import type pg from "pg";
import { AppError } from "../../core/errors.ts";
import type { Db } from "../../db/pool.ts";
import { findOrderStatus, type ITransitionOrderParams, restockOrder, transitionOrder } from "../../db/queries/lifecycle.queries.ts";
import { listOrderItems } from "../../db/queries/orders.queries.ts";
import { withTransaction } from "../../db/transaction.ts";
import { recordEvent } from "../events/service.ts";
import { takeOffSales } from "../analytics/service.ts";
import type { Actor, OrderDetail, OrderStatus } from "./model.ts";
import type { PaymentGateway } from "./payment.ts";
import { type BeforeCommit, orderNotFound, toDetail } from "./service.ts";

/**
 * The order lifecycle (SPEC.md, Order lifecycle): the only arrows there are, and who may take
 * them. Any other move is refused with 409 ORDER_INVALID_TRANSITION.
 *
 *   confirmed ──ship──▶ shipped ──deliver──▶ delivered
 *       └──cancel──▶ cancelled   (payment refunded, stock returned)
 */
export const TRANSITIONS = {
  cancel: { from: "confirmed", to: "cancelled", by: ["user", "admin"] },
  ship: { from: "confirmed", to: "shipped", by: ["admin"] },
  deliver: { from: "shipped", to: "delivered", by: ["admin"] },
} as const satisfies Record<string, { from: OrderStatus; to: OrderStatus; by: readonly Actor[] }>;

export type Action = keyof typeof TRANSITIONS;

/** Who acts: a user, on their own orders only, or an admin, on any order. */
export interface Caller {
  actor: Actor;
  userId: number;
}

/** What an arrow changes besides the status (transition_order's optional parameters). */
type Changes = Pick<ITransitionOrderParams, "paymentStatus" | "setShipment" | "carrier" | "trackingNumber" | "note">;

const invalidTransition = (orderId: number, status: OrderStatus, to: OrderStatus) =>
  new AppError(409, "ORDER_INVALID_TRANSITION", `Order ${orderId} is ${status}; it cannot be ${to}`, undefined, {
    current_status: status,
  });

/**
 * Moves the order along `action`'s arrow in one guarded statement and returns the order with
 * its history. Refused, it looks the order up once to answer 404 or 409 naming the status the
 * order has now (a concurrent winner's, in a race).
 */
async function transition(db: Db, action: Action, orderId: number, caller: Caller, changes: Changes) {
  const { from, to, by } = TRANSITIONS[action];
  if (!(by as readonly Actor[]).includes(caller.actor)) {
    throw new AppError(403, "AUTH_FORBIDDEN", `Only ${by.join(" or ")} may ${action} an order`);
  }
  const ownerId = caller.actor === "user" ? caller.userId : null;
  for (let attempt = 1; ; attempt++) {
    const rows = await transitionOrder.run({ orderId, from, to, ownerId, actor: caller.actor, ...changes }, db);
    if (rows.length) return rows;
    const [current] = await findOrderStatus.run({ orderId }, db);
    if (!current || (ownerId !== null && current.user_id !== ownerId)) throw orderNotFound();
    // Still (or by now) in `from`: it got there between the two statements (a deliver racing
    // the ship before it), so the arrow is open now. Statuses only move forward: one retry does.
    if (current.status !== from || attempt > 1) throw invalidTransition(orderId, current.status, to);
  }
}

export interface CancelOptions {
  reason?: string;
  /** The mock gateway's test hook: decline the refund. */
  forceRefundFailure: boolean;
}

/**
 * Cancels a confirmed order in one transaction of a constant number of statements, whatever
 * its number of lines: status and payment status changed and the change recorded
 * (transition_order, which takes the order's row lock: a concurrent action on it waits, then
 * finds it cancelled), every line's quantity back in stock (restock_order), then the refund of
 * the full amount. The refund comes last, so that nothing in the database can fail after the
 * money moved; declined, it rolls all of it back (502 PAYMENT_REFUND_FAILED). At most one
 * refund per order: a second cancel never gets past the guarded statement. `beforeCommit`
 * (recording an Idempotency-Key's answer) runs before the refund, for the same reason.
 */
export function cancel(
  pool: pg.Pool,
  payment: PaymentGateway,
  orderId: number,
  caller: Caller,
  { reason, forceRefundFailure }: CancelOptions,
  beforeCommit?: BeforeCommit,
): Promise<OrderDetail> {
  return withTransaction(pool, async (tx) => {
    const rows = await transition(tx, "cancel", orderId, caller, { paymentStatus: "refunded", setShipment: false, note: reason });
    const order = toDetail(rows, await restockOrder.run({ orderId }, tx));
    await recordEvent(tx, "order.cancelled", order);
    await takeOffSales(tx, orderId);
    await beforeCommit?.(tx, order);
    const { payment_reference: reference, amount } = rows[0]!;
    const refund = await payment.refund(reference, amount, { forceFailure: forceRefundFailure });
    if (!refund.approved) throw new AppError(502, "PAYMENT_REFUND_FAILED", refund.reason);
    return order;
  });
}

export interface Shipment {
  carrier?: string | null;
  tracking_number?: string | null;
}

/** confirmed → shipped, with what is known of the shipment. One statement changes the order. */
export const ship = (pool: pg.Pool, orderId: number, caller: Caller, shipment: Shipment) =>
  advance(pool, "ship", orderId, caller, { setShipment: true, carrier: shipment.carrier, trackingNumber: shipment.tracking_number });

/** shipped → delivered. */
export const deliver = (pool: pg.Pool, orderId: number, caller: Caller) => advance(pool, "deliver", orderId, caller, { setShipment: false });

const EVENTS = { ship: "order.shipped", deliver: "order.delivered" } as const;

/** The change and its event, in one transaction. */
function advance(pool: pg.Pool, action: keyof typeof EVENTS, orderId: number, caller: Caller, changes: Changes): Promise<OrderDetail> {
  return withTransaction(pool, async (tx) => {
    const rows = await transition(tx, action, orderId, caller, changes);
    const order = toDetail(rows, await listOrderItems.run({ orderIds: [orderId] }, tx));
    await recordEvent(tx, EVENTS[action], order);
    return order;
  });
}
