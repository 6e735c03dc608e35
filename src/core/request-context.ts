/**
 * What the request's hooks learn about it along the way, for its log line and metrics:
 * kept per Request object (no global onRequest bookkeeping beyond one entry).
 */
export interface RequestState {
  id: string;
  startedAt: number;
  userId?: number;
  /** The matched route pattern, known once Elysia has routed the request (undefined: none matched). */
  route?: () => string | undefined;
  /** Set by the error handler: the code it answered with. */
  errorCode?: string;
}

const states = new WeakMap<Request, RequestState>();

// 1–128 visible ASCII characters (SPEC: Operations).
const VALID_ID = /^[\x21-\x7e]{1,128}$/;

export function beginRequest(request: Request): RequestState {
  const given = request.headers.get("x-request-id");
  const state: RequestState = {
    id: given !== null && VALID_ID.test(given) ? given : crypto.randomUUID(),
    startedAt: performance.now(),
  };
  states.set(request, state);
  return state;
}

export const requestState = (request: Request): RequestState | undefined => states.get(request);
