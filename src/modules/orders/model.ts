import { type Static, t } from "elysia";
import { idField, Integer, integerField, MoneyString } from "../../core/schemas.ts";

export const OrderItem = t.Object({
  id: Integer(),
  book_id: t.Nullable(Integer({ description: "null once the book is deleted" })),
  quantity: Integer(),
  unit_price: MoneyString,
  book: t.Nullable(t.Object({ id: Integer(), title: t.String(), author: t.String() })),
});
export type OrderItem = Static<typeof OrderItem>;

export const Order = t.Object({
  id: Integer(),
  user_id: Integer(),
  status: t.UnionEnum(["confirmed", "payment_failed"]),
  created_at: t.String({ format: "date-time" }),
  items: t.Array(OrderItem),
  total_price: MoneyString,
});
export type Order = Static<typeof Order>;

export const CheckoutBody = t.Optional(
  t.Object({
    force_payment_failure: t.Optional(t.Boolean({ description: "Make the mock payment decline (default false)" })),
  }),
);

/** OpenAPI description of the optional Idempotency-Key header of checkout. */
export const IdempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  schema: { type: "string" as const, minLength: 1, maxLength: 255 },
  description:
    "1–255 visible ASCII characters, optionally quoted. A retry with the same key and body replays the first " +
    "outcome (header Idempotent-Replayed: true) instead of checking out again; kept 24 hours.",
};

export const InsufficientStockBody = t.Object({
  detail: t.String(),
  code: t.Literal("ORDER_INSUFFICIENT_STOCK"),
  items: t.Array(
    t.Object({ book_id: Integer(), title: t.String(), requested: Integer(), available: Integer() }),
  ),
});

const pagingFields = {
  limit: integerField("limit", "an integer from 1 to 100", { minimum: 1, maximum: 100, default: 50 }),
  before: t.Optional({ ...idField("before"), description: "Only orders with a smaller id: the next page" }),
};

export const OrdersQuery = t.Object(pagingFields);
export type OrdersQuery = Static<typeof OrdersQuery>;

export const AdminOrdersQuery = t.Object({
  ...pagingFields,
  user_id: t.Optional(idField("user_id")),
});
