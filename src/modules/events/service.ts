import { randomBytes } from "node:crypto";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import { MAX_ID } from "../../core/schemas.ts";
import type { Db } from "../../db/pool.ts";
import { recordEvent as recordEventQuery } from "../../db/queries/events.queries.ts";
import {
  deleteWebhookEndpoint,
  findDelivery,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listEndpointDeliveries,
  listWebhookEndpoints,
  retryFailedDelivery,
} from "../../db/queries/webhooks.queries.ts";
import type { OrderDetail } from "../orders/model.ts";
import type { CreatedWebhook, DeliveriesQuery, Delivery, EventType, OrderEvent, Webhook, WebhookBody } from "./model.ts";

/** The events the buyer is mailed about (SPEC.md: placed, cancelled, shipped; not delivered). */
const MAILED: ReadonlySet<EventType> = new Set(["order.placed", "order.cancelled", "order.shipped"]);

/**
 * Records that `order` just changed, on the transaction that changed it: the one way a service
 * emits an event. The event (the order as it is now) and a delivery for every subscribed
 * endpoint and the buyer's email are one statement; they commit or roll back with the change.
 * The id is a UUIDv7: unique, time-ordered, and the `webhook-id` of every attempt.
 */
export async function recordEvent(tx: Db, type: EventType, order: OrderDetail): Promise<void> {
  const id = `evt_${uuidv7().replaceAll("-", "")}`;
  const createdAt = new Date().toISOString();
  const event: OrderEvent = { id, type, created_at: createdAt, data: { order } };
  const payload = JSON.stringify(event);
  await recordEventQuery.run({ id, type, orderId: order.id, userId: order.user_id, payload, createdAt, mailed: MAILED.has(type) }, tx);
}

const webhookNotFound = () => new AppError(404, "WEBHOOK_NOT_FOUND", "Webhook not found");

const toWebhook = (row: { id: number; url: string; events: string[]; description: string | null; created_at: Date }): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.events as EventType[],
  description: row.description,
  created_at: row.created_at.toISOString(),
});

/** A new endpoint with a fresh Standard Webhooks secret (24 random bytes), returned only here. */
export async function createWebhook(db: Db, body: WebhookBody): Promise<CreatedWebhook> {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const [row] = await insertWebhookEndpoint.run({ url: body.url, events: body.events, description: body.description ?? null, secret }, db);
  return { ...toWebhook(row!), secret: row!.secret };
}

export const listWebhooks = async (db: Db): Promise<Webhook[]> => (await listWebhookEndpoints.run(undefined, db)).map(toWebhook);

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  if ((await deleteWebhookEndpoint.run({ id }, db)).length === 0) throw webhookNotFound();
}

export interface DeliveryPage {
  deliveries: Delivery[];
  nextBefore: number | undefined;
}

/** One endpoint's deliveries, newest first (one extra row tells whether another page exists). */
export async function listDeliveries(db: Db, endpointId: number, query: DeliveriesQuery): Promise<DeliveryPage> {
  const rows = await listEndpointDeliveries.run({ endpointId, before: query.before ?? MAX_ID, limit: query.limit + 1 }, db);
  // An empty page is an endpoint without (more) deliveries, or no endpoint: one lookup tells.
  if (rows.length === 0 && (await findWebhookEndpoint.run({ id: endpointId }, db)).length === 0) throw webhookNotFound();
  const page = rows.slice(0, query.limit);
  return {
    deliveries: page.map((row) => ({
      ...row,
      event_type: row.event_type as EventType,
      next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
      delivered_at: row.delivered_at?.toISOString() ?? null,
      created_at: row.created_at.toISOString(),
    })),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : undefined,
  };
}

/** A failed delivery pending again, due now; refused, one lookup names why (404 or 409). */
export async function retryDelivery(db: Db, endpointId: number, deliveryId: number): Promise<void> {
  if ((await retryFailedDelivery.run({ endpointId, deliveryId }, db)).length) return;
  const [delivery] = await findDelivery.run({ endpointId, deliveryId }, db);
  if (delivery) {
    throw new AppError(409, "WEBHOOK_DELIVERY_NOT_FAILED", `Delivery ${deliveryId} is ${delivery.status}; only a failed delivery can be retried`);
  }
  if ((await findWebhookEndpoint.run({ id: endpointId }, db)).length === 0) throw webhookNotFound();
  throw new AppError(404, "WEBHOOK_DELIVERY_NOT_FOUND", "Delivery not found");
}
