import { type Static, t } from "elysia";
import { idField, MoneyString } from "../../core/schemas.ts";

export const CartItem = t.Object({
  id: t.Integer(),
  book_id: t.Integer(),
  quantity: t.Integer(),
  book: t.Object({
    id: t.Integer(),
    title: t.String(),
    author: t.String(),
    price: MoneyString,
    cover_image_url: t.Nullable(t.String()),
  }),
});
export type CartItem = Static<typeof CartItem>;

export const Cart = t.Object({
  items: t.Array(CartItem),
  total_items: t.Integer({ description: "Sum of the quantities" }),
  total_price: MoneyString,
});

const Quantity = t.Integer({ minimum: 1, maximum: 1000, error: "quantity must be an integer from 1 to 1000" });

export const AddCartItemBody = t.Object({
  book_id: idField("book_id"),
  quantity: t.Optional({ ...Quantity, default: 1 }),
});

export const UpdateCartItemBody = t.Object({ quantity: Quantity });
