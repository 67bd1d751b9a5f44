/** What the HTTP routes need from the queue service; main.ts wires the gRPC client that implements it. */
export interface QueuePort {
  /** The fan's token of the concert: the existing one (created false) or a new one at the back; SOLD_OUT when nothing is left. */
  issueToken(concertCode: string, userId: string): Promise<{ token: string; created: boolean; status: QueueStatus }>;
  /** A poll: keeps a WAITING token from being abandoned. */
  getStatus(concertCode: string, token: string): Promise<QueueStatus>;
  leave(concertCode: string, token: string): Promise<void>;
  /** Signature, binding and state; token problems come back as the contract's codes. An empty concert accepts the token's own. */
  validateToken(concertCode: string, token: string, options: { requireActive: boolean; allowExpired: boolean }): Promise<ValidatedQueueToken>;
}

export interface QueueStatus {
  /** SOLD_OUT (polls only): every seat of the concert is sold and the token has ended. */
  status: 'WAITING' | 'ACTIVE' | 'SOLD_OUT';
  /** 0 once ACTIVE or SOLD_OUT; 1 is the head of the line. */
  position: number;
  estimatedWaitSeconds: number;
  pollAfterSeconds: number;
  /** ISO-8601 while ACTIVE; null otherwise. */
  activeUntil: string | null;
  userId: string;
  tokenId: string;
}

export interface ValidatedQueueToken {
  userId: string;
  tokenId: string;
  concertCode: string;
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED';
}

/** Issuing a token first checks that the concert exists (CONCERT_NOT_FOUND); the user is checked by its key. */
export interface ConcertLookup {
  getConcert(concertCode: string): Promise<unknown>;
}
