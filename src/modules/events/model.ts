import { type Static, t } from "elysia";
import { idField, Integer, named, type WithDefaults } from "../../core/schemas.ts";
import { PAGING_DEFAULTED, pagingFields } from "../../core/paging.ts";
import type { OrderDetail } from "../orders/model.ts";

/** Every order event, one per arrow of the lifecycle plus checkout. */
export const EVENT_TYPES = ["order.placed", "order.cancelled", "order.shipped", "order.delivered"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a webhook receives, and the body every email is written from. */
export interface OrderEvent {
  id: string;
  type: EventType;
  created_at: string;
  data: { order: OrderDetail };
}

const timestamp = () => t.String({ format: "date-time" });

export const WebhookBody = t.Object({
  url: t.String({
    maxLength: 2048,
    pattern: "^[hH][tT][tT][pP][sS]?://[^\\s/?#]+[^\\s]*$",
    error: "url must be an http:// or https:// URL of at most 2048 characters",
    description: "Where events are POSTed",
  }),
  events: t.Array(t.UnionEnum([...EVENT_TYPES]), {
    minItems: 1,
    maxItems: EVENT_TYPES.length,
    uniqueItems: true,
    error: `events must be a non-empty list of distinct types among ${EVENT_TYPES.join(", ")}`,
  }),
  description: t.Optional(t.Nullable(t.String({ maxLength: 500, error: "description must be a string of at most 500 characters" }))),
});
export type WebhookBody = Static<typeof WebhookBody>;

export const Webhook = named("Webhook", t.Object({
  id: Integer(),
  url: t.String(),
  events: t.Array(t.UnionEnum([...EVENT_TYPES])),
  description: t.Nullable(t.String()),
  created_at: timestamp(),
}));
export type Webhook = Static<typeof Webhook>;

export const CreatedWebhook = named("CreatedWebhook", t.Object({
  ...Webhook.properties,
  secret: t.String({ pattern: "^whsec_", description: "whsec_<base64 key>: verify signatures with it. Shown only in this answer." }),
}));
export type CreatedWebhook = Static<typeof CreatedWebhook>;

export const Delivery = named("Delivery", t.Object({
  id: Integer(),
  event_id: t.String(),
  event_type: t.UnionEnum([...EVENT_TYPES]),
  status: t.UnionEnum(["pending", "delivered", "failed"]),
  attempts: Integer({ description: "Attempts made so far (manual retries included)" }),
  last_status_code: t.Nullable(Integer({ description: "HTTP status of the last attempt; null when it got no answer" })),
  last_error: t.Nullable(t.String()),
  next_attempt_at: t.Nullable(timestamp()),
  delivered_at: t.Nullable(timestamp()),
  created_at: timestamp(),
}));
export type Delivery = Static<typeof Delivery>;

export const DeliveriesQuery = t.Object(pagingFields("deliveries"));
export type DeliveriesQuery = WithDefaults<Static<typeof DeliveriesQuery>, (typeof PAGING_DEFAULTED)[number]>;

export const DeliveryParams = t.Object({ id: idField("id"), delivery_id: idField("delivery_id") });
