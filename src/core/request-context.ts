/**
 * What the request's hooks learn about it along the way, for its log line and metrics. It is
 * kept on the Request object itself, under a symbol: a WeakMap keyed by Request cost ~1.5 µs a
 * request more (set, gets, and the collector's work on its entries), measured with
 * bench/hooks-cpu.ts.
 */
export interface RequestState {
  id: string;
  startedAt: number;
  userId: number | undefined;
  /** The matched route pattern, set once Elysia has routed the request (undefined: none matched). */
  route: string | undefined;
  /** Set by the error handler: the code it answered with. */
  errorCode: string | undefined;
}

const STATE = Symbol("bookstore.request");

type WithState = Request & { [STATE]?: RequestState };

// 1–128 visible ASCII characters (SPEC: Operations).
const VALID_ID = /^[\x21-\x7e]{1,128}$/;

export function beginRequest(request: Request): RequestState {
  const given = request.headers.get("x-request-id");
  // Every field from the start: one object shape for every request.
  const state: RequestState = {
    id: given !== null && VALID_ID.test(given) ? given : crypto.randomUUID(),
    startedAt: performance.now(),
    userId: undefined,
    route: undefined,
    errorCode: undefined,
  };
  (request as WithState)[STATE] = state;
  return state;
}

export const requestState = (request: Request): RequestState | undefined => (request as WithState)[STATE];
