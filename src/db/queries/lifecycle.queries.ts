/** Types generated for queries found in "sql/lifecycle.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type order_actor = 'admin' | 'user';

export type order_status = 'cancelled' | 'confirmed' | 'delivered' | 'payment_failed' | 'shipped';

export type payment_status = 'paid' | 'refunded';

/** 'TransitionOrder' parameters type */
export interface ITransitionOrderParams {
  actor: order_actor;
  carrier?: string | null | void;
  from: order_status;
  note?: string | null | void;
  orderId: number;
  ownerId?: number | null | void;
  paymentStatus?: payment_status | null | void;
  setShipment: boolean;
  to: order_status;
  trackingNumber?: string | null | void;
}

/** 'TransitionOrder' return type */
export interface ITransitionOrderResult {
  amount: string;
  carrier: string | null;
  created_at: Date;
  history_actor: order_actor;
  history_created_at: Date;
  history_note: string | null;
  history_status: order_status;
  id: number;
  payment_reference: string;
  payment_status: payment_status;
  status: order_status;
  tracking_number: string | null;
  updated_at: Date;
  user_id: number;
}

/** 'TransitionOrder' query type */
export interface ITransitionOrderQuery {
  params: ITransitionOrderParams;
  result: ITransitionOrderResult;
}

const transitionOrderIR: any = {"usedParamSet":{"to":true,"paymentStatus":true,"setShipment":true,"carrier":true,"trackingNumber":true,"orderId":true,"from":true,"ownerId":true,"actor":true,"note":true},"params":[{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":53,"b":56}]},{"name":"paymentStatus","required":false,"transform":{"type":"scalar"},"locs":[{"a":121,"b":134}]},{"name":"setShipment","required":true,"transform":{"type":"scalar"},"locs":[{"a":182,"b":194},{"a":264,"b":276}]},{"name":"carrier","required":false,"transform":{"type":"scalar"},"locs":[{"a":201,"b":208}]},{"name":"trackingNumber","required":false,"transform":{"type":"scalar"},"locs":[{"a":283,"b":297}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":339,"b":347}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":362,"b":367}]},{"name":"ownerId","required":false,"transform":{"type":"scalar"},"locs":[{"a":392,"b":399}]},{"name":"actor","required":true,"transform":{"type":"scalar"},"locs":[{"a":636,"b":642}]},{"name":"note","required":false,"transform":{"type":"scalar"},"locs":[{"a":645,"b":649}]}],"statement":"WITH changed AS (\n    UPDATE orders\n    SET status = :to!,\n        updated_at = now(),\n        payment_status = coalesce(:paymentStatus, payment_status),\n        carrier = CASE WHEN :setShipment! THEN :carrier ELSE carrier END,\n        tracking_number = CASE WHEN :setShipment! THEN :trackingNumber ELSE tracking_number END\n    WHERE id = :orderId! AND status = :from! AND user_id = coalesce(:ownerId, user_id)\n    RETURNING id, user_id, status, created_at, updated_at, payment_status, payment_reference, carrier, tracking_number\n), entry AS (\n    INSERT INTO order_status_history (order_id, status, actor, note)\n    SELECT id, status, :actor!, :note FROM changed\n    RETURNING id, status, actor, note, created_at\n), history AS (\n    -- Earlier entries (this statement does not see its own insert), then the new one.\n    SELECT h.id, h.status, h.actor, h.note, h.created_at\n    FROM order_status_history h JOIN changed c ON h.order_id = c.id\n    UNION ALL\n    SELECT id, status, actor, note, created_at FROM entry\n)\nSELECT c.id, c.user_id, c.status, c.created_at, c.updated_at, c.payment_status, c.payment_reference,\n       c.carrier, c.tracking_number,\n       (SELECT round(sum(i.unit_price * i.quantity), 2) FROM order_items i WHERE i.order_id = c.id) AS \"amount!\",\n       h.status AS \"history_status!\", h.actor AS \"history_actor!\", h.note AS history_note,\n       h.created_at AS \"history_created_at!\"\nFROM changed c\nCROSS JOIN history h\nORDER BY h.id                                                                                                 "};

/**
 * Query generated from SQL:
 * ```
 * WITH changed AS (
 *     UPDATE orders
 *     SET status = :to!,
 *         updated_at = now(),
 *         payment_status = coalesce(:paymentStatus, payment_status),
 *         carrier = CASE WHEN :setShipment! THEN :carrier ELSE carrier END,
 *         tracking_number = CASE WHEN :setShipment! THEN :trackingNumber ELSE tracking_number END
 *     WHERE id = :orderId! AND status = :from! AND user_id = coalesce(:ownerId, user_id)
 *     RETURNING id, user_id, status, created_at, updated_at, payment_status, payment_reference, carrier, tracking_number
 * ), entry AS (
 *     INSERT INTO order_status_history (order_id, status, actor, note)
 *     SELECT id, status, :actor!, :note FROM changed
 *     RETURNING id, status, actor, note, created_at
 * ), history AS (
 *     -- Earlier entries (this statement does not see its own insert), then the new one.
 *     SELECT h.id, h.status, h.actor, h.note, h.created_at
 *     FROM order_status_history h JOIN changed c ON h.order_id = c.id
 *     UNION ALL
 *     SELECT id, status, actor, note, created_at FROM entry
 * )
 * SELECT c.id, c.user_id, c.status, c.created_at, c.updated_at, c.payment_status, c.payment_reference,
 *        c.carrier, c.tracking_number,
 *        (SELECT round(sum(i.unit_price * i.quantity), 2) FROM order_items i WHERE i.order_id = c.id) AS "amount!",
 *        h.status AS "history_status!", h.actor AS "history_actor!", h.note AS history_note,
 *        h.created_at AS "history_created_at!"
 * FROM changed c
 * CROSS JOIN history h
 * ORDER BY h.id                                                                                                 
 * ```
 */
export const transitionOrder = new PreparedQuery<ITransitionOrderParams,ITransitionOrderResult>(transitionOrderIR);


/** 'FindOrderStatus' parameters type */
export interface IFindOrderStatusParams {
  orderId: number;
}

/** 'FindOrderStatus' return type */
export interface IFindOrderStatusResult {
  status: order_status;
  user_id: number;
}

/** 'FindOrderStatus' query type */
export interface IFindOrderStatusQuery {
  params: IFindOrderStatusParams;
  result: IFindOrderStatusResult;
}

const findOrderStatusIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":54}]}],"statement":"SELECT user_id, status FROM orders WHERE id = :orderId!                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       "};

/**
 * Query generated from SQL:
 * ```
 * SELECT user_id, status FROM orders WHERE id = :orderId!                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       
 * ```
 */
export const findOrderStatus = new PreparedQuery<IFindOrderStatusParams,IFindOrderStatusResult>(findOrderStatusIR);


/** 'RestockOrder' parameters type */
export interface IRestockOrderParams {
  orderId: number;
}

/** 'RestockOrder' return type */
export interface IRestockOrderResult {
  book_author: string | null;
  book_id: number | null;
  book_title: string | null;
  id: number;
  order_id: number;
  order_total: string;
  quantity: number;
  unit_price: string;
}

/** 'RestockOrder' query type */
export interface IRestockOrderQuery {
  params: IRestockOrderParams;
  result: IRestockOrderResult;
}

const restockOrderIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":109,"b":117},{"a":776,"b":784}]}],"statement":"WITH lines AS (\n    SELECT book_id, sum(quantity)::int AS quantity\n    FROM order_items\n    WHERE order_id = :orderId! AND book_id IS NOT NULL\n    GROUP BY book_id\n), locked AS MATERIALIZED (\n    SELECT b.id FROM books b JOIN lines l ON l.book_id = b.id\n    ORDER BY b.id\n    FOR UPDATE OF b\n), restocked AS (\n    UPDATE books b\n    SET stock_quantity = b.stock_quantity + l.quantity, updated_at = now()\n    FROM lines l JOIN locked k ON k.id = l.book_id\n    WHERE b.id = l.book_id\n    RETURNING b.id\n)\nSELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,\n       b.title AS \"book_title?\", b.author AS \"book_author?\",\n       round(sum(i.unit_price * i.quantity) OVER (), 2) AS \"order_total!\"\nFROM order_items i\nLEFT JOIN books b ON b.id = i.book_id\nWHERE i.order_id = :orderId!\nORDER BY i.id"};

/**
 * Query generated from SQL:
 * ```
 * WITH lines AS (
 *     SELECT book_id, sum(quantity)::int AS quantity
 *     FROM order_items
 *     WHERE order_id = :orderId! AND book_id IS NOT NULL
 *     GROUP BY book_id
 * ), locked AS MATERIALIZED (
 *     SELECT b.id FROM books b JOIN lines l ON l.book_id = b.id
 *     ORDER BY b.id
 *     FOR UPDATE OF b
 * ), restocked AS (
 *     UPDATE books b
 *     SET stock_quantity = b.stock_quantity + l.quantity, updated_at = now()
 *     FROM lines l JOIN locked k ON k.id = l.book_id
 *     WHERE b.id = l.book_id
 *     RETURNING b.id
 * )
 * SELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,
 *        b.title AS "book_title?", b.author AS "book_author?",
 *        round(sum(i.unit_price * i.quantity) OVER (), 2) AS "order_total!"
 * FROM order_items i
 * LEFT JOIN books b ON b.id = i.book_id
 * WHERE i.order_id = :orderId!
 * ORDER BY i.id
 * ```
 */
export const restockOrder = new PreparedQuery<IRestockOrderParams,IRestockOrderResult>(restockOrderIR);


