/** What checkout needs from a payment provider; a real gateway implements the same. */
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
