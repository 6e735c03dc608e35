import { type Static, t } from "elysia";
import { Integer, MAX_ID, MoneyString, named } from "../../core/schemas.ts";

export const CartItem = named("CartItem", t.Object({
  id: Integer(),
  book_id: Integer(),
  quantity: Integer(),
  book: t.Object({
    id: Integer(),
    title: t.String(),
    author: t.String(),
    price: MoneyString,
    cover_image_url: t.Nullable(t.String()),
  }),
}));
export type CartItem = Static<typeof CartItem>;

export const Cart = named("Cart", t.Object({
  items: t.Array(CartItem),
  total_items: Integer({ description: "Sum of the quantities" }),
  total_price: MoneyString,
}));

const Quantity = Integer({ minimum: 1, maximum: 1000, error: "quantity must be an integer from 1 to 1000" });

export const AddCartItemBody = t.Object({
  book_id: Integer({ minimum: 1, maximum: MAX_ID, error: "book_id must be a positive integer" }),
  quantity: t.Optional({ ...Quantity, description: "default 1" }),
});

export const UpdateCartItemBody = t.Object({ quantity: Quantity });
