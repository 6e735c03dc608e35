import { userGone } from "../../core/auth.ts";
import { AppError } from "../../core/errors.ts";
import { type Db, violates } from "../../db/pool.ts";
import {
  addCartItem as addCartItemQuery,
  cartItemExists,
  deleteCartItem as deleteCartItemQuery,
  explainCartItemNotAdded,
  getCart as getCartQuery,
  type IGetCartResult,
  updateCartItemQuantity,
} from "../../db/queries/cart.queries.ts";
import { bookNotFound } from "../books/service.ts";
import type { CartItem } from "./model.ts";

type CartLineRow = Omit<IGetCartResult, "total_items" | "total_price">;

const toCartItem = (row: CartLineRow): CartItem => ({
  id: row.id,
  book_id: row.book_id,
  quantity: row.quantity,
  book: { id: row.book_id, title: row.title, author: row.author, price: row.price, cover_image_url: row.cover_image_url },
});

export async function getCart(db: Db, userId: number) {
  const rows = await getCartQuery.run({ userId }, db);
  return {
    items: rows.map(toCartItem),
    total_items: rows[0]?.total_items ?? 0,
    total_price: rows[0]?.total_price ?? "0.00",
  };
}

/**
 * A book is refused only when its stock is 0: stock can change before checkout, which
 * checks every line again under lock.
 */
export async function addCartItem(db: Db, userId: number, bookId: number, quantity: number): Promise<CartItem> {
  // A second attempt only when nothing explains the refusal: the book was restocked
  // between the insert and the explanation.
  for (let attempt = 1; ; attempt++) {
    let row: CartLineRow | undefined;
    try {
      [row] = await addCartItemQuery.run({ userId, bookId, quantity }, db);
    } catch (error) {
      // The book was deleted between the statement's read and its insert.
      if (violates(error, "cart_items_book_id_fkey")) throw bookNotFound("book_id");
      throw error;
    }
    if (row) return toCartItem(row);
    const [why] = await explainCartItemNotAdded.run({ userId, bookId }, db);
    if (!why?.has_cart) throw userGone();
    if (why.stock_quantity === null) throw bookNotFound("book_id");
    if (why.in_cart) {
      throw new AppError(409, "CART_ITEM_DUPLICATE", "Book is already in the cart; change its quantity instead", "book_id");
    }
    if (why.stock_quantity === 0 || attempt === 2) {
      throw new AppError(409, "CART_BOOK_OUT_OF_STOCK", "Book is out of stock", "book_id");
    }
  }
}

export async function updateCartItem(db: Db, userId: number, itemId: number, quantity: number): Promise<CartItem> {
  const [row] = await updateCartItemQuantity.run({ userId, itemId, quantity }, db);
  if (!row) throw await missingCartItem(db, itemId);
  return toCartItem(row);
}

export async function removeCartItem(db: Db, userId: number, itemId: number): Promise<void> {
  const [row] = await deleteCartItemQuery.run({ userId, itemId }, db);
  if (!row) throw await missingCartItem(db, itemId);
}

/** Not in the user's cart: someone else's line (403) or no such line (404). */
async function missingCartItem(db: Db, itemId: number): Promise<AppError> {
  const [line] = await cartItemExists.run({ itemId }, db);
  return line?.exists
    ? new AppError(403, "CART_ITEM_FORBIDDEN", "Cart item belongs to another user")
    : new AppError(404, "CART_ITEM_NOT_FOUND", "Cart item not found");
}
