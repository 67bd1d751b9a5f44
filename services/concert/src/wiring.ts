import type mongoose from 'mongoose';
import type { TurnLimits } from '@concert/stream-store';
import { CatalogQueries } from './application/catalog.queries';
import type { Clock } from './application/concert.ports';
import { HoldSeat } from './application/hold-seat.use-case';
import { knownClaims } from './application/known-claims';
import { ReservationQueries } from './application/reservation.queries';
import { SeatBoard } from './application/seat-board';
import { SeatCommands } from './application/seat-commands.use-case';
import { DEFAULT_SEAT_TURNS, seatGate } from './application/seat-gate';
import { MongoCatalogRepository } from './infrastructure/catalog.repository';
import { MongoHoldClaimStore } from './infrastructure/hold-claim.store';
import { MongoSeatStore } from './infrastructure/seat-event.store';
import type { ConcertUseCases } from './transport/concert.grpc';

/** The adapters over one connection; shared by main.ts and the seed entry point. */
export function createStores(connection: mongoose.Connection) {
  return {
    catalog: new MongoCatalogRepository(connection),
    seats: new MongoSeatStore(connection),
    claims: new MongoHoldClaimStore(connection),
  };
}

export function createUseCases(
  stores: ReturnType<typeof createStores>,
  holdTtlMs: number,
  now: Clock,
  seatTurns: TurnLimits = DEFAULT_SEAT_TURNS,
): ConcertUseCases {
  const board = new SeatBoard(stores.seats, now);
  const known = knownClaims();
  return {
    catalog: new CatalogQueries(stores.catalog, board, now),
    holdSeat: new HoldSeat(stores.catalog, stores.seats, stores.claims, board, known, holdTtlMs, now, seatGate(seatTurns)),
    reservations: new ReservationQueries(stores.seats, stores.claims, board, known, now),
    commands: new SeatCommands(stores.seats, stores.claims, now, board),
  };
}
