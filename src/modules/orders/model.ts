import { type Static, t } from "elysia";
import { PAGING_DEFAULTED, pagingFields } from "../../core/paging.ts";
import { idField, Integer, MoneyString, named, type WithDefaults } from "../../core/schemas.ts";

export const OrderItem = named("OrderItem", t.Object({
  id: Integer(),
  book_id: t.Nullable(Integer({ description: "null once the book is deleted" })),
  quantity: Integer(),
  unit_price: MoneyString,
  book: t.Nullable(t.Object({ id: Integer(), title: t.String(), author: t.String() })),
}));
export type OrderItem = Static<typeof OrderItem>;

/** Every status an order can have; `payment_failed` is kept for a gateway that records declined attempts. */
export const ORDER_STATUSES = ["confirmed", "shipped", "delivered", "cancelled", "payment_failed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The statuses of the lifecycle, as `?status=` takes them. */
export const LIFECYCLE_STATUSES = ["confirmed", "shipped", "delivered", "cancelled"] as const;
export type Actor = "user" | "admin";

const timestamp = () => t.String({ format: "date-time" });

export const Order = named("Order", t.Object({
  id: Integer(),
  user_id: Integer(),
  status: t.UnionEnum([...ORDER_STATUSES]),
  created_at: timestamp(),
  updated_at: timestamp(),
  payment_status: t.UnionEnum(["paid", "refunded"]),
  shipment: t.Nullable(
    t.Object({ carrier: t.Nullable(t.String()), tracking_number: t.Nullable(t.String()) }),
    { description: "null until the order ships; then each field null unless given" },
  ),
  items: t.Array(OrderItem),
  total_price: MoneyString,
}));
export type Order = Static<typeof Order>;

export const HistoryEntry = named("HistoryEntry", t.Object({
  status: t.UnionEnum([...ORDER_STATUSES]),
  created_at: timestamp(),
  actor: t.UnionEnum(["user", "admin"], { description: "user: the buyer; admin: an administrator" }),
  note: t.Nullable(t.String({ description: "The cancel reason; null otherwise" })),
}));
export type HistoryEntry = Static<typeof HistoryEntry>;

/** An order with every status it has had, oldest first. */
export const OrderDetail = named("OrderDetail", t.Object({ ...Order.properties, history: t.Array(HistoryEntry) }));
export type OrderDetail = Static<typeof OrderDetail>;

export const CheckoutBody = t.Optional(
  t.Object({
    force_payment_failure: t.Optional(t.Boolean({ description: "Make the mock payment decline (default false)" })),
  }),
);

export const CancelBody = t.Optional(
  t.Object({
    reason: t.Optional(t.String({ maxLength: 500, error: "reason must be a string of at most 500 characters", description: "Kept in the order's history" })),
    force_refund_failure: t.Optional(t.Boolean({ description: "Make the mock payment gateway decline the refund (default false)" })),
  }),
);
export type CancelBody = Static<typeof CancelBody>;

const shipmentField = (field: string) =>
  t.Optional(t.Nullable(t.String({ maxLength: 100, error: `${field} must be a string of at most 100 characters` })));

export const ShipBody = t.Optional(
  t.Object({ carrier: shipmentField("carrier"), tracking_number: shipmentField("tracking_number") }),
);
export type ShipBody = Static<typeof ShipBody>;

/** OpenAPI description of the optional Idempotency-Key header of checkout and cancel. */
export const IdempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  schema: { type: "string" as const, minLength: 1, maxLength: 255 },
  description:
    "1–255 visible ASCII characters, optionally quoted. A retry with the same key, route and body replays the first " +
    "outcome (header Idempotent-Replayed: true) instead of running again; kept 24 hours. A key belongs to its user: " +
    "reused on another route, order or body → 422 IDEMPOTENCY_KEY_REUSED.",
};

export const InsufficientStockBody = named("InsufficientStock", t.Object({
  detail: t.String(),
  code: t.Literal("ORDER_INSUFFICIENT_STOCK"),
  items: t.Array(
    t.Object({ book_id: Integer(), title: t.String(), requested: Integer(), available: Integer() }),
  ),
}));

const pagingOrders = pagingFields("orders");

export const OrdersQuery = t.Object(pagingOrders);
export type OrdersQuery = WithDefaults<Static<typeof OrdersQuery>, (typeof PAGING_DEFAULTED)[number]>;

export const AdminOrdersQuery = t.Object({
  ...pagingOrders,
  user_id: t.Optional(idField("user_id")),
  status: t.Optional(
    t.UnionEnum([...LIFECYCLE_STATUSES], {
      error: `status must be one of ${LIFECYCLE_STATUSES.join(", ")}`,
      "x-field": "status",
      description: "Only orders in this status",
    }),
  ),
});
export type AdminOrdersQuery = WithDefaults<Static<typeof AdminOrdersQuery>, (typeof PAGING_DEFAULTED)[number]>;
