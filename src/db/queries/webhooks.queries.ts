/** Types generated for queries found in "sql/webhooks.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type delivery_status = 'delivered' | 'failed' | 'pending';

export type stringArray = (string)[];

/** 'InsertWebhookEndpoint' parameters type */
export interface IInsertWebhookEndpointParams {
  description?: string | null | void;
  events: stringArray;
  secret: string;
  url: string;
}

/** 'InsertWebhookEndpoint' return type */
export interface IInsertWebhookEndpointResult {
  created_at: Date;
  description: string | null;
  events: stringArray;
  id: number;
  secret: string;
  url: string;
}

/** 'InsertWebhookEndpoint' query type */
export interface IInsertWebhookEndpointQuery {
  params: IInsertWebhookEndpointParams;
  result: IInsertWebhookEndpointResult;
}

const insertWebhookEndpointIR: any = {"usedParamSet":{"url":true,"events":true,"description":true,"secret":true},"params":[{"name":"url","required":true,"transform":{"type":"scalar"},"locs":[{"a":73,"b":77}]},{"name":"events","required":true,"transform":{"type":"scalar"},"locs":[{"a":80,"b":87}]},{"name":"description","required":false,"transform":{"type":"scalar"},"locs":[{"a":98,"b":109}]},{"name":"secret","required":true,"transform":{"type":"scalar"},"locs":[{"a":112,"b":119}]}],"statement":"INSERT INTO webhook_endpoints (url, events, description, secret)\nVALUES (:url!, :events!::text[], :description, :secret!)\nRETURNING id, url, events, description, secret, created_at                                                       "};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO webhook_endpoints (url, events, description, secret)
 * VALUES (:url!, :events!::text[], :description, :secret!)
 * RETURNING id, url, events, description, secret, created_at                                                       
 * ```
 */
export const insertWebhookEndpoint = new PreparedQuery<IInsertWebhookEndpointParams,IInsertWebhookEndpointResult>(insertWebhookEndpointIR);


/** 'ListWebhookEndpoints' parameters type */
export type IListWebhookEndpointsParams = void;

/** 'ListWebhookEndpoints' return type */
export interface IListWebhookEndpointsResult {
  created_at: Date;
  description: string | null;
  events: stringArray;
  id: number;
  url: string;
}

/** 'ListWebhookEndpoints' query type */
export interface IListWebhookEndpointsQuery {
  params: IListWebhookEndpointsParams;
  result: IListWebhookEndpointsResult;
}

const listWebhookEndpointsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT id, url, events, description, created_at FROM webhook_endpoints ORDER BY id"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, url, events, description, created_at FROM webhook_endpoints ORDER BY id
 * ```
 */
export const listWebhookEndpoints = new PreparedQuery<IListWebhookEndpointsParams,IListWebhookEndpointsResult>(listWebhookEndpointsIR);


/** 'FindWebhookEndpoint' parameters type */
export interface IFindWebhookEndpointParams {
  id: number;
}

/** 'FindWebhookEndpoint' return type */
export interface IFindWebhookEndpointResult {
  id: number;
}

/** 'FindWebhookEndpoint' query type */
export interface IFindWebhookEndpointQuery {
  params: IFindWebhookEndpointParams;
  result: IFindWebhookEndpointResult;
}

const findWebhookEndpointIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":44,"b":47}]}],"statement":"SELECT id FROM webhook_endpoints WHERE id = :id!                                                                           "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM webhook_endpoints WHERE id = :id!                                                                           
 * ```
 */
export const findWebhookEndpoint = new PreparedQuery<IFindWebhookEndpointParams,IFindWebhookEndpointResult>(findWebhookEndpointIR);


/** 'DeleteWebhookEndpoint' parameters type */
export interface IDeleteWebhookEndpointParams {
  id: number;
}

/** 'DeleteWebhookEndpoint' return type */
export interface IDeleteWebhookEndpointResult {
  id: number;
}

/** 'DeleteWebhookEndpoint' query type */
export interface IDeleteWebhookEndpointQuery {
  params: IDeleteWebhookEndpointParams;
  result: IDeleteWebhookEndpointResult;
}

const deleteWebhookEndpointIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":41,"b":44}]}],"statement":"DELETE FROM webhook_endpoints WHERE id = :id! RETURNING id                                                                                      "};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM webhook_endpoints WHERE id = :id! RETURNING id                                                                                      
 * ```
 */
export const deleteWebhookEndpoint = new PreparedQuery<IDeleteWebhookEndpointParams,IDeleteWebhookEndpointResult>(deleteWebhookEndpointIR);


/** 'ListEndpointDeliveries' parameters type */
export interface IListEndpointDeliveriesParams {
  before: number;
  endpointId: number;
  limit: number;
}

/** 'ListEndpointDeliveries' return type */
export interface IListEndpointDeliveriesResult {
  attempts: number;
  created_at: Date;
  delivered_at: Date | null;
  event_id: string;
  event_type: string;
  id: number;
  last_error: string | null;
  last_status_code: number | null;
  next_attempt_at: Date | null;
  status: delivery_status;
}

/** 'ListEndpointDeliveries' query type */
export interface IListEndpointDeliveriesQuery {
  params: IListEndpointDeliveriesParams;
  result: IListEndpointDeliveriesResult;
}

const listEndpointDeliveriesIR: any = {"usedParamSet":{"endpointId":true,"before":true,"limit":true},"params":[{"name":"endpointId","required":true,"transform":{"type":"scalar"},"locs":[{"a":299,"b":310}]},{"name":"before","required":true,"transform":{"type":"scalar"},"locs":[{"a":323,"b":330}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":377,"b":383}]}],"statement":"SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempts, d.last_status_code, d.last_error,\n       CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,\n       d.delivered_at, d.created_at\nFROM deliveries d\nJOIN events e ON e.id = d.event_id\nWHERE d.endpoint_id = :endpointId! AND d.id < :before!::int\nORDER BY d.endpoint_id, d.id DESC\nLIMIT :limit!::int                                                                                                                                                                                      "};

/**
 * Query generated from SQL:
 * ```
 * SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempts, d.last_status_code, d.last_error,
 *        CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,
 *        d.delivered_at, d.created_at
 * FROM deliveries d
 * JOIN events e ON e.id = d.event_id
 * WHERE d.endpoint_id = :endpointId! AND d.id < :before!::int
 * ORDER BY d.endpoint_id, d.id DESC
 * LIMIT :limit!::int                                                                                                                                                                                      
 * ```
 */
export const listEndpointDeliveries = new PreparedQuery<IListEndpointDeliveriesParams,IListEndpointDeliveriesResult>(listEndpointDeliveriesIR);


/** 'RetryFailedDelivery' parameters type */
export interface IRetryFailedDeliveryParams {
  deliveryId: number;
  endpointId: number;
}

/** 'RetryFailedDelivery' return type */
export interface IRetryFailedDeliveryResult {
  id: number;
  notified: string | null;
}

/** 'RetryFailedDelivery' query type */
export interface IRetryFailedDeliveryQuery {
  params: IRetryFailedDeliveryParams;
  result: IRetryFailedDeliveryResult;
}

const retryFailedDeliveryIR: any = {"usedParamSet":{"deliveryId":true,"endpointId":true},"params":[{"name":"deliveryId","required":true,"transform":{"type":"scalar"},"locs":[{"a":141,"b":152}]},{"name":"endpointId","required":true,"transform":{"type":"scalar"},"locs":[{"a":172,"b":183}]}],"statement":"WITH retried AS (\n    UPDATE deliveries\n    SET status = 'pending', next_attempt_at = now(), attempts_before_retry = attempts\n    WHERE id = :deliveryId! AND endpoint_id = :endpointId! AND status = 'failed'\n    RETURNING id\n)\nSELECT id, pg_notify('order_events', '')::text AS notified FROM retried"};

/**
 * Query generated from SQL:
 * ```
 * WITH retried AS (
 *     UPDATE deliveries
 *     SET status = 'pending', next_attempt_at = now(), attempts_before_retry = attempts
 *     WHERE id = :deliveryId! AND endpoint_id = :endpointId! AND status = 'failed'
 *     RETURNING id
 * )
 * SELECT id, pg_notify('order_events', '')::text AS notified FROM retried
 * ```
 */
export const retryFailedDelivery = new PreparedQuery<IRetryFailedDeliveryParams,IRetryFailedDeliveryResult>(retryFailedDeliveryIR);


/** 'FindDelivery' parameters type */
export interface IFindDeliveryParams {
  deliveryId: number;
  endpointId: number;
}

/** 'FindDelivery' return type */
export interface IFindDeliveryResult {
  id: number;
  status: delivery_status;
}

/** 'FindDelivery' query type */
export interface IFindDeliveryQuery {
  params: IFindDeliveryParams;
  result: IFindDeliveryResult;
}

const findDeliveryIR: any = {"usedParamSet":{"deliveryId":true,"endpointId":true},"params":[{"name":"deliveryId","required":true,"transform":{"type":"scalar"},"locs":[{"a":45,"b":56}]},{"name":"endpointId","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":87}]}],"statement":"SELECT id, status FROM deliveries WHERE id = :deliveryId! AND endpoint_id = :endpointId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, status FROM deliveries WHERE id = :deliveryId! AND endpoint_id = :endpointId!
 * ```
 */
export const findDelivery = new PreparedQuery<IFindDeliveryParams,IFindDeliveryResult>(findDeliveryIR);


