import type mongoose from 'mongoose';
import { connectMongo, DEFAULT_STORE_DEADLINES, ensureIndexes } from '@concert/stream-store';
import { isolatedMongoUrl } from '@concert/testing';
import { seedDemoCatalog } from '../src/main';
import { createStores } from '../src/wiring';

// The seat and claim stores read through the native driver, which does not attach the connection's
// server-side time limit by itself: every read they send must carry it (watched with command monitoring).
let connection: mongoose.Connection;
const finds: Record<string, unknown>[] = [];

beforeAll(async () => {
  const url = new URL(await isolatedMongoUrl('concert_limits'));
  await seedDemoCatalog(url.toString());
  url.searchParams.set('monitorCommands', 'true');
  connection = await connectMongo(url.toString());
  connection.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'find') finds.push(e.command as Record<string, unknown>);
  });
  await ensureIndexes(connection);
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

it('sends every seat and claim read with maxTimeMS', async () => {
  const { seats, claims, catalog } = createStores(connection);
  const concert = (await catalog.findConcert('IU-2026'))!;
  const seat = { concertCode: 'IU-2026', concertDate: concert.dates[0]!.concertDate, seatNumber: 3 };
  finds.length = 0;
  await seats.head(seat);
  await seats.history(seat);
  await seats.recordsOfDate(seat.concertCode, seat.concertDate);
  await claims.head('IU-2026', 'fan');
  await claims.byReservation('IU-2026', 'no-such-reservation');
  expect(finds).toHaveLength(5);
  for (const find of finds) expect(find.maxTimeMS).toBe(DEFAULT_STORE_DEADLINES.operationMs);
});
