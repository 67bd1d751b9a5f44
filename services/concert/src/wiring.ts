import type mongoose from 'mongoose';
import { CatalogQueries } from './application/catalog.queries';
import type { Clock } from './application/concert.ports';
import { HoldSeat } from './application/hold-seat.use-case';
import { ReservationQueries } from './application/reservation.queries';
import { SeatCommands } from './application/seat-commands.use-case';
import { SeatGate } from './application/seat-gate';
import { MongoCatalogRepository } from './infrastructure/catalog.repository';
import { MongoHoldClaimStore } from './infrastructure/hold-claim.store';
import { MongoSeatCommandLog } from './infrastructure/seat-command.log';
import { MongoSeatStore } from './infrastructure/seat-event.store';
import type { ConcertUseCases } from './transport/concert.grpc';

/** The adapters over one connection; shared by main.ts and the seed entry point. */
export function createStores(connection: mongoose.Connection) {
  return {
    catalog: new MongoCatalogRepository(connection),
    seats: new MongoSeatStore(connection),
    claims: new MongoHoldClaimStore(connection),
    log: new MongoSeatCommandLog(connection),
  };
}

export function createUseCases(stores: ReturnType<typeof createStores>, holdTtlMs: number, now: Clock): ConcertUseCases {
  const gate = new SeatGate();
  return {
    catalog: new CatalogQueries(stores.catalog, stores.seats, now),
    holdSeat: new HoldSeat(stores.catalog, stores.seats, stores.claims, holdTtlMs, now, gate),
    reservations: new ReservationQueries(stores.seats, stores.claims, now),
    commands: new SeatCommands(stores.seats, stores.claims, stores.log, now, gate),
  };
}
