import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Webhook } from "standardwebhooks";
import type { IClaimDueDeliveriesResult } from "../../db/queries/events.queries.ts";

/** A claimed delivery: one attempt to make. */
export type Attempt = IClaimDueDeliveriesResult;

/** What an attempt came to. `statusCode`: the receiver's HTTP or SMTP status, when it answered. */
export interface Outcome {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

/** One channel's way of sending: the HTTP webhook sender, the mail sender. */
export interface Sender {
  /** Never throws: a failure is an Outcome. `signal` aborts it (the dispatcher is stopping). */
  send(attempt: Attempt, signal: AbortSignal): Promise<Outcome>;
  close?(): void;
}

export const failure = (error: unknown, statusCode: number | null = null): Outcome => ({
  delivered: false,
  statusCode,
  error: error instanceof Error ? error.message : String(error),
});

/**
 * Standard Webhooks (standardwebhooks.com): a POST of the event, `webhook-id` the event id on
 * every retry, `webhook-timestamp` and `webhook-signature` made afresh for each attempt by the
 * reference library. A 2xx within the timeout delivers; anything else is a failed attempt,
 * a redirect included (never followed: the signed request was for this URL).
 */
export function webhookSender(options: { timeoutSeconds: number; allowPrivate: boolean }): Sender {
  const timeoutMs = options.timeoutSeconds * 1000;
  return {
    async send(attempt, signal) {
      const url = attempt.url!;
      try {
        if (!options.allowPrivate) {
          const refusal = await refusedAddress(new URL(url).hostname);
          if (refusal) return failure(refusal);
        }
        const timestamp = new Date();
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "bookstore-orders-webhooks/1",
            "webhook-id": attempt.event_id,
            "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
            "webhook-signature": new Webhook(attempt.secret!).sign(attempt.event_id, timestamp, attempt.payload),
          },
          body: attempt.payload,
          redirect: "manual",
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        // The body is not read: the status says it all, and a slow body must not hold the attempt.
        await response.body?.cancel().catch(() => {});
        if (response.status >= 200 && response.status < 300) return { delivered: true, statusCode: response.status, error: null };
        const redirect = response.status >= 300 && response.status < 400 ? " (redirect, not followed)" : "";
        return failure(`HTTP ${response.status}${redirect}`, response.status);
      } catch (error) {
        if ((error as Error).name === "TimeoutError") return failure(`no answer within ${options.timeoutSeconds} s`);
        if (signal.aborted) return failure("interrupted: the dispatcher stopped");
        return failure(error);
      }
    },
  };
}

/**
 * Why a webhook host is refused in production: it is, or resolves to, an address that is not
 * public unicast (loopback, private, link-local, unique-local, carrier NAT, …), so that an admin
 * cannot make the server probe its own network. Checked at every attempt, as DNS may change.
 */
export async function refusedAddress(hostname: string): Promise<string | undefined> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  for (const address of addresses) {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    const range = parsed.range();
    if (range !== "unicast") {
      return `refused: ${host} is ${address === host ? "" : `${address}, `}a ${range} address (WEBHOOK_ALLOW_PRIVATE=true allows it)`;
    }
  }
  return undefined;
}
