import { StreamTurns, type BusyReason, type TurnLimits } from '@concert/stream-store';
import { ConcertErrors } from '../domain/concert.errors';

/**
 * In-process help for a hot seat; correctness never depends on it (that is the unique inserts).
 * Requests for one seat take turns in this process, so a rush does not send every fan's claim and
 * HELD insert to the store at once only for all but one to lose: the fans queued behind the winner
 * find the seat taken on the seat board and get their 409 without a store round trip.
 *
 * Bounded (StreamTurns): a turn behind the winner costs no store call, so thousands of fans of one
 * seat may wait (the hot-seat benchmark sends 2,000 at once); past that, or past 5 s of waiting, or
 * past the caller's deadline, a fan is turned away with the retryable SERVICE_BUSY, and one hung store
 * call stops blocking the seat after 3 s.
 */
export const DEFAULT_SEAT_TURNS: TurnLimits = { maxWaiting: 5_000, maxWaitMs: 5_000, maxTurnMs: 3_000 };

export type SeatGate = StreamTurns;

export const seatGate = (limits: TurnLimits = DEFAULT_SEAT_TURNS): SeatGate =>
  new StreamTurns(limits, (reason: BusyReason) => ConcertErrors.serviceBusy(reason));
