/** Types generated for queries found in "sql/checkout.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type order_actor = 'admin' | 'user';

export type order_status = 'cancelled' | 'confirmed' | 'delivered' | 'payment_failed' | 'shipped';

export type payment_status = 'paid' | 'refunded';

export type numberArray = (number)[];

/** 'LockCart' parameters type */
export interface ILockCartParams {
  userId: number;
}

/** 'LockCart' return type */
export interface ILockCartResult {
  id: number;
}

/** 'LockCart' query type */
export interface ILockCartQuery {
  params: ILockCartParams;
  result: ILockCartResult;
}

const lockCartIR: any = {"usedParamSet":{"userId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":37,"b":44}]}],"statement":"SELECT id FROM carts WHERE user_id = :userId! FOR UPDATE                                                                                                                                                                                                                                                                          "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM carts WHERE user_id = :userId! FOR UPDATE                                                                                                                                                                                                                                                                          
 * ```
 */
export const lockCart = new PreparedQuery<ILockCartParams,ILockCartResult>(lockCartIR);


/** 'LockBooksForUpdate' parameters type */
export interface ILockBooksForUpdateParams {
  cartId: number;
}

/** 'LockBooksForUpdate' return type */
export interface ILockBooksForUpdateResult {
  author: string;
  book_id: number;
  price: string;
  quantity: number;
  stock_quantity: number;
  title: string;
}

/** 'LockBooksForUpdate' query type */
export interface ILockBooksForUpdateQuery {
  params: ILockBooksForUpdateParams;
  result: ILockBooksForUpdateResult;
}

const lockBooksForUpdateIR: any = {"usedParamSet":{"cartId":true},"params":[{"name":"cartId","required":true,"transform":{"type":"scalar"},"locs":[{"a":154,"b":161}]}],"statement":"SELECT b.id AS book_id, b.title, b.author, b.price, b.stock_quantity, ci.quantity\nFROM cart_items ci\nJOIN books b ON b.id = ci.book_id\nWHERE ci.cart_id = :cartId!\nORDER BY b.id\nFOR UPDATE OF b                                                                                                                                                                                                                                                                                "};

/**
 * Query generated from SQL:
 * ```
 * SELECT b.id AS book_id, b.title, b.author, b.price, b.stock_quantity, ci.quantity
 * FROM cart_items ci
 * JOIN books b ON b.id = ci.book_id
 * WHERE ci.cart_id = :cartId!
 * ORDER BY b.id
 * FOR UPDATE OF b                                                                                                                                                                                                                                                                                
 * ```
 */
export const lockBooksForUpdate = new PreparedQuery<ILockBooksForUpdateParams,ILockBooksForUpdateResult>(lockBooksForUpdateIR);


/** 'InsertOrder' parameters type */
export interface IInsertOrderParams {
  bookIds: numberArray;
  paymentReference: string;
  quantities: numberArray;
  userId: number;
}

/** 'InsertOrder' return type */
export interface IInsertOrderResult {
  book_id: number | null;
  carrier: string | null;
  created_at: Date;
  history_actor: order_actor;
  history_created_at: Date;
  history_note: string | null;
  history_status: order_status;
  id: number;
  item_id: number;
  payment_status: payment_status;
  quantity: number;
  status: order_status;
  total_price: string;
  tracking_number: string | null;
  unit_price: string;
  updated_at: Date;
  user_id: number;
}

/** 'InsertOrder' query type */
export interface IInsertOrderQuery {
  params: IInsertOrderParams;
  result: IInsertOrderResult;
}

const insertOrderIR: any = {"usedParamSet":{"userId":true,"paymentReference":true,"bookIds":true,"quantities":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":108,"b":115}]},{"name":"paymentReference","required":true,"transform":{"type":"scalar"},"locs":[{"a":139,"b":156}]},{"name":"bookIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":436,"b":444}]},{"name":"quantities","required":true,"transform":{"type":"scalar"},"locs":[{"a":454,"b":465}]}],"statement":"WITH new_order AS (\n    INSERT INTO orders (user_id, status, payment_status, payment_reference)\n    VALUES (:userId!, 'confirmed', 'paid', :paymentReference!)\n    RETURNING id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number\n), new_items AS (\n    INSERT INTO order_items (order_id, book_id, quantity, unit_price)\n    SELECT o.id, b.id, line.quantity, b.price\n    FROM new_order o\n    CROSS JOIN unnest(:bookIds!::int[], :quantities!::int[]) AS line (book_id, quantity)\n    JOIN books b ON b.id = line.book_id\n    ORDER BY b.id\n    RETURNING id, order_id, book_id, quantity, unit_price\n), new_entry AS (\n    INSERT INTO order_status_history (order_id, status, actor)\n    SELECT id, status, 'user' FROM new_order\n    RETURNING order_id, status, actor, note, created_at\n)\nSELECT o.id, o.user_id, o.status, o.created_at, o.updated_at, o.payment_status, o.carrier, o.tracking_number,\n       h.status AS history_status, h.actor AS history_actor, h.note AS history_note, h.created_at AS history_created_at,\n       i.id AS item_id, i.book_id, i.quantity, i.unit_price,\n       round(sum(i.unit_price * i.quantity) OVER (), 2) AS \"total_price!\"\nFROM new_order o\nJOIN new_entry h ON h.order_id = o.id\nJOIN new_items i ON i.order_id = o.id\nORDER BY i.id                                                                                                                                                                                        "};

/**
 * Query generated from SQL:
 * ```
 * WITH new_order AS (
 *     INSERT INTO orders (user_id, status, payment_status, payment_reference)
 *     VALUES (:userId!, 'confirmed', 'paid', :paymentReference!)
 *     RETURNING id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number
 * ), new_items AS (
 *     INSERT INTO order_items (order_id, book_id, quantity, unit_price)
 *     SELECT o.id, b.id, line.quantity, b.price
 *     FROM new_order o
 *     CROSS JOIN unnest(:bookIds!::int[], :quantities!::int[]) AS line (book_id, quantity)
 *     JOIN books b ON b.id = line.book_id
 *     ORDER BY b.id
 *     RETURNING id, order_id, book_id, quantity, unit_price
 * ), new_entry AS (
 *     INSERT INTO order_status_history (order_id, status, actor)
 *     SELECT id, status, 'user' FROM new_order
 *     RETURNING order_id, status, actor, note, created_at
 * )
 * SELECT o.id, o.user_id, o.status, o.created_at, o.updated_at, o.payment_status, o.carrier, o.tracking_number,
 *        h.status AS history_status, h.actor AS history_actor, h.note AS history_note, h.created_at AS history_created_at,
 *        i.id AS item_id, i.book_id, i.quantity, i.unit_price,
 *        round(sum(i.unit_price * i.quantity) OVER (), 2) AS "total_price!"
 * FROM new_order o
 * JOIN new_entry h ON h.order_id = o.id
 * JOIN new_items i ON i.order_id = o.id
 * ORDER BY i.id                                                                                                                                                                                        
 * ```
 */
export const insertOrder = new PreparedQuery<IInsertOrderParams,IInsertOrderResult>(insertOrderIR);


/** 'DecrementStock' parameters type */
export interface IDecrementStockParams {
  bookIds: numberArray;
  quantities: numberArray;
}

/** 'DecrementStock' return type */
export interface IDecrementStockResult {
  id: number;
}

/** 'DecrementStock' query type */
export interface IDecrementStockQuery {
  params: IDecrementStockParams;
  result: IDecrementStockResult;
}

const decrementStockIR: any = {"usedParamSet":{"bookIds":true,"quantities":true},"params":[{"name":"bookIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":101,"b":109}]},{"name":"quantities","required":true,"transform":{"type":"scalar"},"locs":[{"a":119,"b":130}]}],"statement":"UPDATE books b\nSET stock_quantity = b.stock_quantity - line.quantity, updated_at = now()\nFROM unnest(:bookIds!::int[], :quantities!::int[]) AS line (book_id, quantity)\nWHERE b.id = line.book_id AND b.stock_quantity >= line.quantity\nRETURNING b.id                                   "};

/**
 * Query generated from SQL:
 * ```
 * UPDATE books b
 * SET stock_quantity = b.stock_quantity - line.quantity, updated_at = now()
 * FROM unnest(:bookIds!::int[], :quantities!::int[]) AS line (book_id, quantity)
 * WHERE b.id = line.book_id AND b.stock_quantity >= line.quantity
 * RETURNING b.id                                   
 * ```
 */
export const decrementStock = new PreparedQuery<IDecrementStockParams,IDecrementStockResult>(decrementStockIR);


/** 'ClearCart' parameters type */
export interface IClearCartParams {
  cartId: number;
}

/** 'ClearCart' return type */
export interface IClearCartResult {
  id: number;
}

/** 'ClearCart' query type */
export interface IClearCartQuery {
  params: IClearCartParams;
  result: IClearCartResult;
}

const clearCartIR: any = {"usedParamSet":{"cartId":true},"params":[{"name":"cartId","required":true,"transform":{"type":"scalar"},"locs":[{"a":39,"b":46}]}],"statement":"DELETE FROM cart_items WHERE cart_id = :cartId! RETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM cart_items WHERE cart_id = :cartId! RETURNING id
 * ```
 */
export const clearCart = new PreparedQuery<IClearCartParams,IClearCartResult>(clearCartIR);


