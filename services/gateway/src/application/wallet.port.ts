/** What the HTTP routes need from the wallet service; main.ts wires the gRPC client that implements it. */
export interface WalletPort {
  /** A new user and its key, which is answered here once and never again. */
  createUser(): Promise<{ userId: string; userKey: string }>;
  /** USER_NOT_FOUND when there is no such user. */
  getUser(userId: string): Promise<{ userId: string }>;
  /** USER_NOT_FOUND when there is no such user, then INVALID_USER_KEY when the key is not the user's. */
  verifyUserKey(userId: string, userKey: string): Promise<void>;
  getBalance(userId: string): Promise<number>;
  /** Adds `amount`; with an idempotency key a repeat answers the first balance and charges nothing. */
  charge(command: ChargeCommand): Promise<number>;
}

export interface ChargeCommand {
  userId: string;
  amount: number;
  idempotencyKey?: string;
}
