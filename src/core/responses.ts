import { status } from "elysia";

/**
 * 204 with a null body, as the Fetch standard requires: Elysia's own `status(204)` becomes
 * `new Response("", …)`, which Bun accepts and Deno refuses (a 500). Typed as Elysia's 204, so
 * that typed clients see the route's declared answer rather than a Response.
 */
export const noContent = () => new Response(null, { status: 204 }) as unknown as ReturnType<typeof status<204, undefined>>;
