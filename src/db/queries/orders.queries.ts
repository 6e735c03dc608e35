/** Types generated for queries found in "sql/orders.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type order_status = 'confirmed' | 'payment_failed';

export type numberArray = (number)[];

/** 'ListOrders' parameters type */
export interface IListOrdersParams {
  before: number;
  limit: number;
  userId: number;
}

/** 'ListOrders' return type */
export interface IListOrdersResult {
  created_at: Date;
  id: number;
  status: order_status;
  user_id: number;
}

/** 'ListOrders' query type */
export interface IListOrdersQuery {
  params: IListOrdersParams;
  result: IListOrdersResult;
}

const listOrdersIR: any = {"usedParamSet":{"userId":true,"before":true,"limit":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":67,"b":74}]},{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":85,"b":92}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":128}]}],"statement":"SELECT id, user_id, status, created_at FROM orders\nWHERE user_id = :userId! AND id < :before!::int\nORDER BY id DESC\nLIMIT :limit!::int                                                "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at FROM orders
 * WHERE user_id = :userId! AND id < :before!::int
 * ORDER BY id DESC
 * LIMIT :limit!::int                                                
 * ```
 */
export const listOrders = new PreparedQuery<IListOrdersParams,IListOrdersResult>(listOrdersIR);


/** 'ListAllOrders' parameters type */
export interface IListAllOrdersParams {
  before: number;
  limit: number;
}

/** 'ListAllOrders' return type */
export interface IListAllOrdersResult {
  created_at: Date;
  id: number;
  status: order_status;
  user_id: number;
}

/** 'ListAllOrders' query type */
export interface IListAllOrdersQuery {
  params: IListAllOrdersParams;
  result: IListAllOrdersResult;
}

const listAllOrdersIR: any = {"usedParamSet":{"before":true,"limit":true},"params":[{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":62,"b":69}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":99,"b":105}]}],"statement":"SELECT id, user_id, status, created_at FROM orders\nWHERE id < :before!::int\nORDER BY id DESC\nLIMIT :limit!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at FROM orders
 * WHERE id < :before!::int
 * ORDER BY id DESC
 * LIMIT :limit!::int
 * ```
 */
export const listAllOrders = new PreparedQuery<IListAllOrdersParams,IListAllOrdersResult>(listAllOrdersIR);


/** 'GetOrderForUser' parameters type */
export interface IGetOrderForUserParams {
  orderId: number;
  userId: number;
}

/** 'GetOrderForUser' return type */
export interface IGetOrderForUserResult {
  created_at: Date;
  id: number;
  status: order_status;
  user_id: number;
}

/** 'GetOrderForUser' query type */
export interface IGetOrderForUserQuery {
  params: IGetOrderForUserParams;
  result: IGetOrderForUserResult;
}

const getOrderForUserIR: any = {"usedParamSet":{"orderId":true,"userId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":62,"b":70}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":86,"b":93}]}],"statement":"SELECT id, user_id, status, created_at FROM orders WHERE id = :orderId! AND user_id = :userId!                                                                                                "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, user_id, status, created_at FROM orders WHERE id = :orderId! AND user_id = :userId!                                                                                                
 * ```
 */
export const getOrderForUser = new PreparedQuery<IGetOrderForUserParams,IGetOrderForUserResult>(getOrderForUserIR);


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


