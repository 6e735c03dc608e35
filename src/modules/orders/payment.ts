/**
 * What checkout needs from a payment provider; a real gateway implements the same. It is
 * called inside the checkout transaction, with the books locked: an implementation must
 * answer (or give up) within a few seconds, well below idle_in_transaction_session_timeout.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export interface ChargeRequest {
  userId: number;
  /** Decimal string, two places. */
  amount: string;
  /** Test hook of the API: always decline. */
  forceFailure: boolean;
}

export type ChargeResult = { approved: true } | { approved: false; reason: string };

/** Declines when asked to, otherwise at random with probability `declineRate` (0–1). */
export class MockPaymentGateway implements PaymentGateway {
  constructor(private readonly declineRate: number) {}

  async charge({ forceFailure }: ChargeRequest): Promise<ChargeResult> {
    if (forceFailure) return { approved: false, reason: "Payment declined (forced)" };
    if (Math.random() < this.declineRate) return { approved: false, reason: "Payment declined" };
    return { approved: true };
  }
}
