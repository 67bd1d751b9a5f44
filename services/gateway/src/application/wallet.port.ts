/** What the HTTP routes need from the wallet service; main.ts wires the gRPC client that implements it. */
export interface WalletPort {
  createUser(): Promise<{ userId: string }>;
  /** USER_NOT_FOUND when there is no such user. */
  getUser(userId: string): Promise<{ userId: string }>;
  getBalance(userId: string): Promise<number>;
  /** Adds `amount`; with an idempotency key a repeat answers the first balance and charges nothing. */
  charge(command: ChargeCommand): Promise<number>;
}

export interface ChargeCommand {
  userId: string;
  amount: number;
  idempotencyKey?: string;
}
