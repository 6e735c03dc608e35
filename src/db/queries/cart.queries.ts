/** Types generated for queries found in "sql/cart.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'GetCart' parameters type */
export interface IGetCartParams {
  userId: number;
}

/** 'GetCart' return type */
export interface IGetCartResult {
  author: string;
  book_id: number;
  cover_image_url: string | null;
  id: number;
  price: string;
  quantity: number;
  title: string;
  total_items: number;
  total_price: string;
}

/** 'GetCart' query type */
export interface IGetCartQuery {
  params: IGetCartParams;
  result: IGetCartResult;
}

const getCartIR: any = {"usedParamSet":{"userId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":317,"b":324}]}],"statement":"SELECT ci.id, ci.book_id, ci.quantity, b.title, b.author, b.price, b.cover_image_url,\n       sum(ci.quantity) OVER ()::int AS \"total_items!\",\n       round(sum(b.price * ci.quantity) OVER (), 2) AS \"total_price!\"\nFROM carts c\nJOIN cart_items ci ON ci.cart_id = c.id\nJOIN books b ON b.id = ci.book_id\nWHERE c.user_id = :userId!\nORDER BY ci.id                                                                                                                                                                                                                                                     "};

/**
 * Query generated from SQL:
 * ```
 * SELECT ci.id, ci.book_id, ci.quantity, b.title, b.author, b.price, b.cover_image_url,
 *        sum(ci.quantity) OVER ()::int AS "total_items!",
 *        round(sum(b.price * ci.quantity) OVER (), 2) AS "total_price!"
 * FROM carts c
 * JOIN cart_items ci ON ci.cart_id = c.id
 * JOIN books b ON b.id = ci.book_id
 * WHERE c.user_id = :userId!
 * ORDER BY ci.id                                                                                                                                                                                                                                                     
 * ```
 */
export const getCart = new PreparedQuery<IGetCartParams,IGetCartResult>(getCartIR);


/** 'AddCartItem' parameters type */
export interface IAddCartItemParams {
  bookId: number;
  quantity: number;
  userId: number;
}

/** 'AddCartItem' return type */
export interface IAddCartItemResult {
  author: string;
  book_id: number;
  cover_image_url: string | null;
  id: number;
  price: string;
  quantity: number;
  title: string;
}

/** 'AddCartItem' query type */
export interface IAddCartItemQuery {
  params: IAddCartItemParams;
  result: IAddCartItemResult;
}

const addCartItemIR: any = {"usedParamSet":{"quantity":true,"userId":true,"bookId":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":95,"b":104}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":154,"b":161}]},{"name":"bookId","required":true,"transform":{"type":"scalar"},"locs":[{"a":174,"b":181}]}],"statement":"WITH added AS (\n    INSERT INTO cart_items (cart_id, book_id, quantity)\n    SELECT c.id, b.id, :quantity!\n    FROM carts c, books b\n    WHERE c.user_id = :userId! AND b.id = :bookId! AND b.stock_quantity > 0\n    ON CONFLICT (cart_id, book_id) DO NOTHING\n    RETURNING id, book_id, quantity\n)\nSELECT a.id, a.book_id, a.quantity, b.title, b.author, b.price, b.cover_image_url\nFROM added a JOIN books b ON b.id = a.book_id"};

/**
 * Query generated from SQL:
 * ```
 * WITH added AS (
 *     INSERT INTO cart_items (cart_id, book_id, quantity)
 *     SELECT c.id, b.id, :quantity!
 *     FROM carts c, books b
 *     WHERE c.user_id = :userId! AND b.id = :bookId! AND b.stock_quantity > 0
 *     ON CONFLICT (cart_id, book_id) DO NOTHING
 *     RETURNING id, book_id, quantity
 * )
 * SELECT a.id, a.book_id, a.quantity, b.title, b.author, b.price, b.cover_image_url
 * FROM added a JOIN books b ON b.id = a.book_id
 * ```
 */
export const addCartItem = new PreparedQuery<IAddCartItemParams,IAddCartItemResult>(addCartItemIR);


/** 'ExplainCartItemNotAdded' parameters type */
export interface IExplainCartItemNotAddedParams {
  bookId: number;
  userId: number;
}

/** 'ExplainCartItemNotAdded' return type */
export interface IExplainCartItemNotAddedResult {
  has_cart: boolean;
  in_cart: boolean;
  stock_quantity: number | null;
}

/** 'ExplainCartItemNotAdded' query type */
export interface IExplainCartItemNotAddedQuery {
  params: IExplainCartItemNotAddedParams;
  result: IExplainCartItemNotAddedResult;
}

const explainCartItemNotAddedIR: any = {"usedParamSet":{"userId":true,"bookId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":55,"b":62},{"a":268,"b":275}]},{"name":"bookId","required":true,"transform":{"type":"scalar"},"locs":[{"a":130,"b":137},{"a":294,"b":301}]}],"statement":"SELECT\n    EXISTS (SELECT 1 FROM carts WHERE user_id = :userId!) AS \"has_cart!\",\n    (SELECT stock_quantity FROM books WHERE id = :bookId!) AS stock_quantity,\n    EXISTS (\n        SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id\n        WHERE c.user_id = :userId! AND ci.book_id = :bookId!\n    ) AS \"in_cart!\"                                                                                                                                                                    "};

/**
 * Query generated from SQL:
 * ```
 * SELECT
 *     EXISTS (SELECT 1 FROM carts WHERE user_id = :userId!) AS "has_cart!",
 *     (SELECT stock_quantity FROM books WHERE id = :bookId!) AS stock_quantity,
 *     EXISTS (
 *         SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
 *         WHERE c.user_id = :userId! AND ci.book_id = :bookId!
 *     ) AS "in_cart!"                                                                                                                                                                    
 * ```
 */
export const explainCartItemNotAdded = new PreparedQuery<IExplainCartItemNotAddedParams,IExplainCartItemNotAddedResult>(explainCartItemNotAddedIR);


/** 'UpdateCartItemQuantity' parameters type */
export interface IUpdateCartItemQuantityParams {
  itemId: number;
  quantity: number;
  userId: number;
}

/** 'UpdateCartItemQuantity' return type */
export interface IUpdateCartItemQuantityResult {
  author: string;
  book_id: number;
  cover_image_url: string | null;
  id: number;
  price: string;
  quantity: number;
  title: string;
}

/** 'UpdateCartItemQuantity' query type */
export interface IUpdateCartItemQuantityQuery {
  params: IUpdateCartItemQuantityParams;
  result: IUpdateCartItemQuantityResult;
}

const updateCartItemQuantityIR: any = {"usedParamSet":{"quantity":true,"userId":true,"itemId":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":58,"b":67}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":116,"b":123}]},{"name":"itemId","required":true,"transform":{"type":"scalar"},"locs":[{"a":166,"b":173}]}],"statement":"WITH updated AS (\n    UPDATE cart_items ci SET quantity = :quantity!\n    FROM (SELECT id FROM carts WHERE user_id = :userId! FOR SHARE) AS own_cart\n    WHERE ci.id = :itemId! AND ci.cart_id = own_cart.id\n    RETURNING ci.id, ci.book_id, ci.quantity\n)\nSELECT u.id, u.book_id, u.quantity, b.title, b.author, b.price, b.cover_image_url\nFROM updated u JOIN books b ON b.id = u.book_id"};

/**
 * Query generated from SQL:
 * ```
 * WITH updated AS (
 *     UPDATE cart_items ci SET quantity = :quantity!
 *     FROM (SELECT id FROM carts WHERE user_id = :userId! FOR SHARE) AS own_cart
 *     WHERE ci.id = :itemId! AND ci.cart_id = own_cart.id
 *     RETURNING ci.id, ci.book_id, ci.quantity
 * )
 * SELECT u.id, u.book_id, u.quantity, b.title, b.author, b.price, b.cover_image_url
 * FROM updated u JOIN books b ON b.id = u.book_id
 * ```
 */
export const updateCartItemQuantity = new PreparedQuery<IUpdateCartItemQuantityParams,IUpdateCartItemQuantityResult>(updateCartItemQuantityIR);


/** 'DeleteCartItem' parameters type */
export interface IDeleteCartItemParams {
  itemId: number;
  userId: number;
}

/** 'DeleteCartItem' return type */
export interface IDeleteCartItemResult {
  id: number;
}

/** 'DeleteCartItem' query type */
export interface IDeleteCartItemQuery {
  params: IDeleteCartItemParams;
  result: IDeleteCartItemResult;
}

const deleteCartItemIR: any = {"usedParamSet":{"userId":true,"itemId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":70,"b":77}]},{"name":"itemId","required":true,"transform":{"type":"scalar"},"locs":[{"a":116,"b":123}]}],"statement":"DELETE FROM cart_items ci\nUSING (SELECT id FROM carts WHERE user_id = :userId! FOR SHARE) AS own_cart\nWHERE ci.id = :itemId! AND ci.cart_id = own_cart.id\nRETURNING ci.id"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM cart_items ci
 * USING (SELECT id FROM carts WHERE user_id = :userId! FOR SHARE) AS own_cart
 * WHERE ci.id = :itemId! AND ci.cart_id = own_cart.id
 * RETURNING ci.id
 * ```
 */
export const deleteCartItem = new PreparedQuery<IDeleteCartItemParams,IDeleteCartItemResult>(deleteCartItemIR);


/** 'CartItemExists' parameters type */
export interface ICartItemExistsParams {
  itemId: number;
}

/** 'CartItemExists' return type */
export interface ICartItemExistsResult {
  exists: boolean;
}

/** 'CartItemExists' query type */
export interface ICartItemExistsQuery {
  params: ICartItemExistsParams;
  result: ICartItemExistsResult;
}

const cartItemExistsIR: any = {"usedParamSet":{"itemId":true},"params":[{"name":"itemId","required":true,"transform":{"type":"scalar"},"locs":[{"a":51,"b":58}]}],"statement":"SELECT EXISTS (SELECT 1 FROM cart_items WHERE id = :itemId!) AS \"exists!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT EXISTS (SELECT 1 FROM cart_items WHERE id = :itemId!) AS "exists!"
 * ```
 */
export const cartItemExists = new PreparedQuery<ICartItemExistsParams,ICartItemExistsResult>(cartItemExistsIR);


