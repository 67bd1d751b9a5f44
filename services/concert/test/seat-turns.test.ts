import type mongoose from 'mongoose';
import { connectMongo, ensureIndexes } from '@concert/stream-store';
import { isolatedMongoUrl } from '@concert/testing';
import { seedDemoCatalog } from '../src/main';
import { createStores, createUseCases } from '../src/wiring';
import type { ConcertUseCases } from '../src/transport/concert.grpc';
import { fan, outcome, tally } from './concert-harness';

// The per-seat gate is bounded: the use cases on the real store (FerretDB), with a small queue per
// seat (20 waiting) so hundreds of fans of one seat overflow it.
let connection: mongoose.Connection;
let u: ConcertUseCases;
let dates: string[];

beforeAll(async () => {
  const mongoUrl = await isolatedMongoUrl('concert_turns');
  dates = (await seedDemoCatalog(mongoUrl)).find((c) => c.concertCode === 'IU-2026')!.concertDates;
  connection = await connectMongo(mongoUrl);
  const stores = createStores(connection);
  await ensureIndexes(connection);
  u = createUseCases(stores, 60_000, () => new Date(), { maxWaiting: 20, maxWaitMs: 5_000, maxTurnMs: 3_000 });
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

const hold = (userId: string, seatNumber: number, date: string, deadline?: number) =>
  outcome(u.holdSeat.execute({ concertCode: 'IU-2026', concertDate: date, seatNumber, userId }, deadline));

describe('the per-seat gate', () => {
  it('300 fans of one seat: one hold, a bounded queue, the overflow turned away busy; then 409s once the winner is known', async () => {
    const date = dates[0]!;
    const first = tally(await Promise.all(Array.from({ length: 300 }, () => hold(fan(), 9, date))));
    // 1 turn + 20 waiting got to try; the rest arrived while nobody here knew the seat was taken.
    expect(first.OK).toBe(1);
    expect((first.OK ?? 0) + (first.SEAT_ALREADY_HELD ?? 0)).toBeLessThanOrEqual(21);
    expect(first.SERVICE_BUSY).toBeGreaterThanOrEqual(279);
    expect(Object.keys(first).sort()).toEqual(['OK', 'SEAT_ALREADY_HELD', 'SERVICE_BUSY']);

    // The board now shows the winner: a full queue answers the same 409 a turn would, never busy.
    const second = tally(await Promise.all(Array.from({ length: 300 }, () => hold(fan(), 9, date))));
    expect(second).toEqual({ SEAT_ALREADY_HELD: 300 });
    const seats = await u.catalog.listAvailableSeats('IU-2026', date);
    expect(seats.seats.map((s) => s.seatNumber)).not.toContain(9);
  });

  it('drops holds whose caller stopped waiting before their turn: the seat stays free', async () => {
    const date = dates[1]!;
    const gone = tally(await Promise.all(Array.from({ length: 50 }, () => hold(fan(), 12, date, Date.now() - 1))));
    expect(gone).toEqual({ SERVICE_BUSY: 50 });
    const seats = await u.catalog.listAvailableSeats('IU-2026', date);
    expect(seats.seats.map((s) => s.seatNumber)).toContain(12);
    expect(await hold(fan(), 12, date, Date.now() + 10_000)).toBe('OK');
  });
});
