/** Types generated for queries found in "sql/orders.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type order_actor = 'admin' | 'user';

export type order_status = 'cancelled' | 'confirmed' | 'delivered' | 'payment_failed' | 'shipped';

export type payment_status = 'paid' | 'refunded';

export type numberArray = (number)[];

/** 'ListOrders' parameters type */
export interface IListOrdersParams {
  before: number;
  limit: number;
  userId: number;
}

/** 'ListOrders' return type */
export interface IListOrdersResult {
  carrier: string | null;
  created_at: Date;
  id: number;
  payment_status: payment_status;
  status: order_status;
  tracking_number: string | null;
  updated_at: Date;
  user_id: number;
}

/** 'ListOrders' query type */
export interface IListOrdersQuery {
  params: IListOrdersParams;
  result: IListOrdersResult;
}

const listOrdersIR: any = {"usedParamSet":{"userId":true,"before":true,"limit":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":129},{"a":146,"b":153}]},{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":164,"b":171}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":216}]}],"statement":"SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders\nWHERE user_id >= :userId! AND user_id <= :userId! AND id < :before!::int\nORDER BY user_id, id DESC\nLIMIT :limit!::int                                                          "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
 * WHERE user_id >= :userId! AND user_id <= :userId! AND id < :before!::int
 * ORDER BY user_id, id DESC
 * LIMIT :limit!::int                                                          
 * ```
 */
export const listOrders = new PreparedQuery<IListOrdersParams,IListOrdersResult>(listOrdersIR);


/** 'ListOrdersOfUserInStatus' parameters type */
export interface IListOrdersOfUserInStatusParams {
  before: number;
  limit: number;
  status: order_status;
  userId: number;
}

/** 'ListOrdersOfUserInStatus' return type */
export interface IListOrdersOfUserInStatusResult {
  carrier: string | null;
  created_at: Date;
  id: number;
  payment_status: payment_status;
  status: order_status;
  tracking_number: string | null;
  updated_at: Date;
  user_id: number;
}

/** 'ListOrdersOfUserInStatus' query type */
export interface IListOrdersOfUserInStatusQuery {
  params: IListOrdersOfUserInStatusParams;
  result: IListOrdersOfUserInStatusResult;
}

const listOrdersOfUserInStatusIR: any = {"usedParamSet":{"userId":true,"status":true,"before":true,"limit":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":129},{"a":146,"b":153}]},{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":168,"b":175}]},{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":186,"b":193}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":232,"b":238}]}],"statement":"SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders\nWHERE user_id >= :userId! AND user_id <= :userId! AND status = :status! AND id < :before!::int\nORDER BY user_id, id DESC\nLIMIT :limit!::int                                                "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
 * WHERE user_id >= :userId! AND user_id <= :userId! AND status = :status! AND id < :before!::int
 * ORDER BY user_id, id DESC
 * LIMIT :limit!::int                                                
 * ```
 */
export const listOrdersOfUserInStatus = new PreparedQuery<IListOrdersOfUserInStatusParams,IListOrdersOfUserInStatusResult>(listOrdersOfUserInStatusIR);


/** 'ListAllOrders' parameters type */
export interface IListAllOrdersParams {
  before: number;
  limit: number;
}

/** 'ListAllOrders' return type */
export interface IListAllOrdersResult {
  carrier: string | null;
  created_at: Date;
  id: number;
  payment_status: payment_status;
  status: order_status;
  tracking_number: string | null;
  updated_at: Date;
  user_id: number;
}

/** 'ListAllOrders' query type */
export interface IListAllOrdersQuery {
  params: IListAllOrdersParams;
  result: IListAllOrdersResult;
}

const listAllOrdersIR: any = {"usedParamSet":{"before":true,"limit":true},"params":[{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":116,"b":123}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":153,"b":159}]}],"statement":"SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders\nWHERE id < :before!::int\nORDER BY id DESC\nLIMIT :limit!::int                                                                                                 "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
 * WHERE id < :before!::int
 * ORDER BY id DESC
 * LIMIT :limit!::int                                                                                                 
 * ```
 */
export const listAllOrders = new PreparedQuery<IListAllOrdersParams,IListAllOrdersResult>(listAllOrdersIR);


/** 'ListOrdersInStatus' parameters type */
export interface IListOrdersInStatusParams {
  before: number;
  limit: number;
  status: order_status;
}

/** 'ListOrdersInStatus' return type */
export interface IListOrdersInStatusResult {
  carrier: string | null;
  created_at: Date;
  id: number;
  payment_status: payment_status;
  status: order_status;
  tracking_number: string | null;
  updated_at: Date;
  user_id: number;
}

/** 'ListOrdersInStatus' query type */
export interface IListOrdersInStatusQuery {
  params: IListOrdersInStatusParams;
  result: IListOrdersInStatusResult;
}

const listOrdersInStatusIR: any = {"usedParamSet":{"status":true,"before":true,"limit":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":121,"b":128},{"a":144,"b":151}]},{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":162,"b":169}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":207,"b":213}]}],"statement":"SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders\nWHERE status >= :status! AND status <= :status! AND id < :before!::int\nORDER BY status, id DESC\nLIMIT :limit!::int                                                                                                                                                                     "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at, updated_at, payment_status, carrier, tracking_number FROM orders
 * WHERE status >= :status! AND status <= :status! AND id < :before!::int
 * ORDER BY status, id DESC
 * LIMIT :limit!::int                                                                                                                                                                     
 * ```
 */
export const listOrdersInStatus = new PreparedQuery<IListOrdersInStatusParams,IListOrdersInStatusResult>(listOrdersInStatusIR);


/** 'GetOrderWithHistory' parameters type */
export interface IGetOrderWithHistoryParams {
  orderId: number;
  userId?: number | null | void;
}

/** 'GetOrderWithHistory' return type */
export interface IGetOrderWithHistoryResult {
  carrier: string | null;
  created_at: Date;
  history_actor: order_actor;
  history_created_at: Date;
  history_note: string | null;
  history_status: order_status;
  id: number;
  payment_status: payment_status;
  status: order_status;
  tracking_number: string | null;
  updated_at: Date;
  user_id: number;
}

/** 'GetOrderWithHistory' query type */
export interface IGetOrderWithHistoryQuery {
  params: IGetOrderWithHistoryParams;
  result: IGetOrderWithHistoryResult;
}

const getOrderWithHistoryIR: any = {"usedParamSet":{"orderId":true,"userId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":306,"b":314}]},{"name":"userId","required":false,"transform":{"type":"scalar"},"locs":[{"a":341,"b":347}]}],"statement":"SELECT o.id, o.user_id, o.status, o.created_at, o.updated_at, o.payment_status, o.carrier, o.tracking_number,\n       h.status AS history_status, h.actor AS history_actor, h.note AS history_note, h.created_at AS history_created_at\nFROM orders o\nJOIN order_status_history h ON h.order_id = o.id\nWHERE o.id = :orderId! AND o.user_id = coalesce(:userId, o.user_id)\nORDER BY h.id                                                                                                "};

/**
 * Query generated from SQL:
 * ```
 * SELECT o.id, o.user_id, o.status, o.created_at, o.updated_at, o.payment_status, o.carrier, o.tracking_number,
 *        h.status AS history_status, h.actor AS history_actor, h.note AS history_note, h.created_at AS history_created_at
 * FROM orders o
 * JOIN order_status_history h ON h.order_id = o.id
 * WHERE o.id = :orderId! AND o.user_id = coalesce(:userId, o.user_id)
 * ORDER BY h.id                                                                                                
 * ```
 */
export const getOrderWithHistory = new PreparedQuery<IGetOrderWithHistoryParams,IGetOrderWithHistoryResult>(getOrderWithHistoryIR);


/** 'ListOrderItems' parameters type */
export interface IListOrderItemsParams {
  orderIds: numberArray;
}

/** 'ListOrderItems' return type */
export interface IListOrderItemsResult {
  book_author: string | null;
  book_id: number | null;
  book_title: string | null;
  id: number;
  order_id: number;
  order_total: string;
  quantity: number;
  unit_price: string;
}

/** 'ListOrderItems' query type */
export interface IListOrderItemsQuery {
  params: IListOrderItemsParams;
  result: IListOrderItemsResult;
}

const listOrderItemsIR: any = {"usedParamSet":{"orderIds":true},"params":[{"name":"orderIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":301,"b":310}]}],"statement":"SELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,\n       b.title AS \"book_title?\", b.author AS \"book_author?\",\n       round(sum(i.unit_price * i.quantity) OVER (PARTITION BY i.order_id), 2) AS \"order_total!\"\nFROM order_items i\nLEFT JOIN books b ON b.id = i.book_id\nWHERE i.order_id = ANY (:orderIds!::int[])\nORDER BY i.order_id, i.id"};

/**
 * Query generated from SQL:
 * ```
 * SELECT i.order_id, i.id, i.book_id, i.quantity, i.unit_price,
 *        b.title AS "book_title?", b.author AS "book_author?",
 *        round(sum(i.unit_price * i.quantity) OVER (PARTITION BY i.order_id), 2) AS "order_total!"
 * FROM order_items i
 * LEFT JOIN books b ON b.id = i.book_id
 * WHERE i.order_id = ANY (:orderIds!::int[])
 * ORDER BY i.order_id, i.id
 * ```
 */
export const listOrderItems = new PreparedQuery<IListOrderItemsParams,IListOrderItemsResult>(listOrderItemsIR);


