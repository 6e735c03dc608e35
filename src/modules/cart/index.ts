import { Elysia, t } from "elysia";
import type pg from "pg";
import { type AccessTokens, authPlugin } from "../../core/auth.ts";
import { noContent } from "../../core/responses.ts";
import { errorResponses, IdParams } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { AddCartItemBody, Cart, CartItem, UpdateCartItemBody } from "./model.ts";
import * as cart from "./service.ts";

export const cartModule = (pool: pg.Pool, tokens: AccessTokens) => {
  const db = prepared(pool);
  return new Elysia({ name: "cart-routes", prefix: "/cart", detail: { tags: ["cart"] } })
    .use(authPlugin(tokens))
    .get("", ({ user }) => cart.getCart(db, user.id), {
      auth: true,
      response: { 200: Cart, ...errorResponses(401) },
      detail: { summary: "The current user's cart with totals" },
    })
    .post(
      "/items",
      ({ user, body, status }) =>
        cart.addCartItem(db, user.id, body.book_id, body.quantity ?? 1).then((item) => status(201, item)),
      {
        auth: true,
        body: AddCartItemBody,
        response: { 201: CartItem, ...errorResponses(401, 404, 409, 422) },
        detail: { summary: "Put a book in the cart" },
      },
    )
    .put("/items/:id", ({ user, params, body }) => cart.updateCartItem(db, user.id, params.id, body.quantity), {
      auth: true,
      params: IdParams,
      body: UpdateCartItemBody,
      response: { 200: CartItem, ...errorResponses(401, 403, 404, 422) },
      detail: { summary: "Change a line's quantity" },
    })
    .delete(
      "/items/:id",
      async ({ user, params }) => {
        await cart.removeCartItem(db, user.id, params.id);
        return noContent();
      },
      {
        auth: true,
        params: IdParams,
        response: { 204: t.Void(), ...errorResponses(401, 403, 404, 422) },
        detail: { summary: "Remove a line" },
      },
    );
};
