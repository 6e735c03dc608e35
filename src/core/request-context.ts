/**
 * What the request's hooks learn about it along the way, for its log line and metrics:
 * kept per Request object (no global onRequest bookkeeping beyond one entry).
 */
export interface RequestState {
  id: string;
  startedAt: number;
  userId?: number;
  /** Set by the error handler: the status and code it answered with. */
  status?: number;
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
  open++;
  return state;
}

/** Requests begun whose after-response work (log line, metrics, trace end) has not run yet. */
let open = 0;

export const endRequest = () => void open--;

/**
 * Resolves once every begun request has finished its after-response work, or after `timeoutMs`:
 * Bun's server.stop() returns when responses are sent, which can be before those hooks ran.
 */
export async function requestsSettled(timeoutMs = 1_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (open > 0 && performance.now() < deadline) await Bun.sleep(5);
}

export const requestState = (request: Request): RequestState | undefined => states.get(request);
