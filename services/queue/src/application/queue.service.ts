import { QueueErrors } from '../domain/queue.errors';
import { assertConcertCode, assertUserId, type TokenClaims, type TokenState } from '../domain/queue-token';
import { estimateWaitSeconds, tokenExpiresAtMs, type QueuePolicy } from '../domain/queue-policy';
import type { QueueStore, TokenCodec } from './queue.ports';

export interface StatusView {
  /** SOLD_OUT: every seat of the concert is sold; the token has ended with this answer. */
  status: 'WAITING' | 'ACTIVE' | 'SOLD_OUT';
  position: number;
  estimatedWaitSeconds: number;
  pollAfterSeconds: number;
  /** ISO-8601, empty unless ACTIVE. */
  activeUntil: string;
  userId: string;
  tokenId: string;
}

export interface ValidatedView {
  userId: string;
  tokenId: string;
  concertCode: string;
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED';
}

/** The queue's use cases; the transport only translates messages. */
export class QueueService {
  constructor(
    private readonly store: QueueStore,
    private readonly codec: TokenCodec,
    private readonly policy: QueuePolicy,
  ) {}

  async issue(concertCode: string, userId: string): Promise<{ token: string; created: boolean; status: StatusView }> {
    assertConcertCode(concertCode);
    assertUserId(userId);
    const { tokenId, created, issuedAtMs, state } = await this.store.issue(concertCode, userId, this.codec.newTokenId());
    if (state.kind === 'SOLD_OUT') throw QueueErrors.soldOut();
    // No issued-at claim, and an exp from the join's stored time: signing the same claims again gives
    // the same token, so a re-issue needs no stored copy.
    const claims = { userId, concertCode, tokenId, expiresAt: Math.ceil(tokenExpiresAtMs(issuedAtMs, this.policy) / 1_000) };
    const token = await this.codec.sign(claims);
    return { token, created, status: this.view(state, claims) };
  }

  async status(concertCode: string, token: string): Promise<StatusView> {
    const claims = await this.claimsFor(concertCode, token);
    return this.view(await this.store.poll(concertCode, claims.tokenId, claims.userId), claims);
  }

  async leave(concertCode: string, token: string): Promise<void> {
    const claims = await this.claimsFor(concertCode, token);
    const ended = await this.store.end(concertCode, claims.tokenId, claims.userId);
    if (ended === 'foreign') throw QueueErrors.tokenMismatch();
    if (ended === 'gone') throw QueueErrors.tokenExpired();
  }

  /**
   * `concertCode` is the concert the caller's route is about; empty for routes that name none (payments),
   * which then learn the token's own concert from the answer.
   */
  async validate(concertCode: string, token: string, options: { requireActive: boolean; allowExpired: boolean }): Promise<ValidatedView> {
    const claims = concertCode === '' ? await this.codec.verify(token) : await this.claimsFor(concertCode, token);
    const state = await this.store.peek(claims.concertCode, claims.tokenId, claims.userId);
    const base = { userId: claims.userId, tokenId: claims.tokenId, concertCode: claims.concertCode };
    // Checked before allowExpired: a read of a used-up token still belongs to the state's owner only.
    if (state.kind === 'FOREIGN') throw QueueErrors.tokenMismatch();
    // peek never answers SOLD_OUT (it writes nothing); a token that ended by it is GONE like any other.
    if (state.kind === 'GONE' || state.kind === 'SOLD_OUT') {
      // A used-up token reads its reservation and payment for the grace after its end, not for good.
      if (options.allowExpired && state.kind === 'GONE' && state.endedWithinGrace) return { ...base, status: 'EXPIRED' };
      throw QueueErrors.tokenExpired();
    }
    if (state.kind === 'WAITING' && options.requireActive) throw QueueErrors.tokenNotActive();
    return { ...base, status: state.kind };
  }

  /** Ends a token after its payment. Idempotent: an already-ended token is fine. */
  async expire(concertCode: string, tokenId: string): Promise<void> {
    assertConcertCode(concertCode);
    if (!tokenId) throw QueueErrors.validation('token_id is required');
    await this.store.end(concertCode, tokenId);
  }

  private async claimsFor(concertCode: string, token: string): Promise<TokenClaims> {
    assertConcertCode(concertCode);
    const claims = await this.codec.verify(token);
    if (claims.concertCode !== concertCode) throw QueueErrors.tokenMismatch();
    return claims;
  }

  private view(state: TokenState, claims: TokenClaims): StatusView {
    const ids = { userId: claims.userId, tokenId: claims.tokenId };
    switch (state.kind) {
      case 'GONE':
        throw QueueErrors.tokenExpired();
      case 'FOREIGN':
        throw QueueErrors.tokenMismatch();
      case 'SOLD_OUT':
        return { ...ids, status: 'SOLD_OUT', position: 0, estimatedWaitSeconds: 0, pollAfterSeconds: 0, activeUntil: '' };
      case 'ACTIVE':
        return { ...ids, status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0, pollAfterSeconds: 0, activeUntil: new Date(state.activeUntilMs).toISOString() };
      case 'WAITING':
        return {
          ...ids,
          status: 'WAITING',
          position: state.position,
          estimatedWaitSeconds: estimateWaitSeconds(state.position, state.admitsInWindow, this.policy),
          pollAfterSeconds: state.pollAfterSeconds,
          activeUntil: '',
        };
    }
  }
}
