import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { isDomainError } from '@concert/errors';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadConcertProto } from '@concert/protos';
import type { ConcertServiceClient } from '@concert/protos/generated/concert/v1/ConcertService';
import { isolatedMongoUrl } from '@concert/testing';
import { seedDemoCatalog, start } from '../src/main';

/** The real concert service on port 0, over its own database seeded with the demo catalog. */
export async function bootConcert(holdTtlMs = 60_000) {
  const mongoUrl = await isolatedMongoUrl('concert_test');
  const seeded = await seedDemoCatalog(mongoUrl);
  const service = await start({
    GRPC_PORT: 0,
    MONGO_URL: mongoUrl,
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    HOLD_TTL_MS: holdTtlMs,
    LOG_LEVEL: 'silent',
  });
  const client: ConcertServiceClient = createClient(loadConcertProto().concert.v1.ConcertService, `127.0.0.1:${service.grpcPort}`);
  const db = await mongoose.createConnection(mongoUrl).asPromise();
  const iu = seeded.find((c) => c.concertCode === 'IU-2026')!;

  const t = { timeoutMs: 30_000 };
  const rpc = {
    listConcerts: () => callUnary(client, client.listConcerts, {}, t),
    getConcert: (concertCode: string) => callUnary(client, client.getConcert, { concertCode }, t),
    listSeats: (concertCode: string, concertDate: string) => callUnary(client, client.listAvailableSeats, { concertCode, concertDate }, t),
    hold: (userId: string, seatNumber: number, concertDate = iu.concertDates[0]!, concertCode = 'IU-2026') =>
      callUnary(client, client.holdSeat, { concertCode, concertDate, seatNumber, userId }, t),
    getReservation: (reservationId: string, userId: string, concertCode = 'IU-2026') =>
      callUnary(client, client.getReservation, { concertCode, reservationId, userId }, t),
    activeHold: (userId: string, concertCode = 'IU-2026') => callUnary(client, client.getActiveHold, { concertCode, userId }, t),
    confirm: (reservationId: string, commandId: string, sagaId = 'saga-1') =>
      callUnary(client, client.confirmSeat, { reservationId, commandId, sagaId }, t),
    release: (reservationId: string, commandId: string, sagaId = 'saga-1') =>
      callUnary(client, client.releaseSeat, { reservationId, commandId, sagaId }, t),
  };

  return {
    rpc,
    db,
    mongoUrl,
    seeded,
    dates: iu.concertDates,
    async stop() {
      client.close();
      await service.stop();
      await db.dropDatabase();
      await db.close();
    },
  };
}

export type Concert = Awaited<ReturnType<typeof bootConcert>>;

/** The error code of a rejected call, 'OK' for a success. */
export const outcome = <T>(p: Promise<T>): Promise<string> =>
  p.then(
    () => 'OK',
    (e: unknown) => (isDomainError(e) ? e.code : `UNEXPECTED ${String(e)}`),
  );

export const tally = (codes: string[]) => codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

export const fan = () => randomUUID();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
