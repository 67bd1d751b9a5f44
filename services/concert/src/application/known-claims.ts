import { StreamHeads } from '@concert/stream-store';
import { seatOfClaim } from '../domain/seat-id';
import type { HoldClaim } from '../domain/seat-record';
import { claimState, type ClaimState } from '../domain/seat-rules';
import type { SeatBoard } from './seat-board';

/**
 * The latest hold claim of each fan (by holderId) that this process wrote or read, so a fan's next
 * hold (after a lost race, an expiry or a purchase) and the payment's GetActiveHold need not read the
 * claim stream. A stale entry only costs a lost insert and a re-read.
 */
export type KnownClaims = StreamHeads<HoldClaim>;

export const knownClaims = (): KnownClaims => new StreamHeads<HoldClaim>(200_000);

/**
 * A claim's state from the head the board knows of its seat, when that settles it for good: the
 * reservation's own head says where it stands (a HELD only while unexpired — it may have moved on
 * elsewhere, so a live-looking hold is left to the store), and another record at or past the claimed
 * version means the claim is over. null when only the store can tell.
 */
export function settledClaimState(claim: HoldClaim, board: SeatBoard, now: Date): ClaimState | null {
  const head = board.knownHead(seatOfClaim(claim));
  if (!head || head.version < claim.seatVersion) return null;
  if (head.reservationId !== claim.reservationId) return 'LOST';
  const state = claimState(claim, [head], now);
  return state === 'HELD' || state === 'PENDING' ? null : state;
}
