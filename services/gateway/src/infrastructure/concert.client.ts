import { callUnary, createClient } from '@concert/grpc-kit';
import { loadConcertProto } from '@concert/protos';
import type { Reservation__Output } from '@concert/protos/generated/concert/v1/Reservation';
import type { ConcertPort, ReservationInfo } from '../application/concert.port';

export interface ConcertClient extends ConcertPort {
  close(): void;
}

const reservationOf = (r: Reservation__Output): ReservationInfo => ({
  reservationId: r.reservationId,
  status: r.status as ReservationInfo['status'],
  concertDate: r.concertDate,
  seatNumber: r.seatNumber,
  price: r.price,
  expiresAt: r.expiresAt,
});

/** Thin per-RPC functions over one channel; every call carries the deadline and the correlation ids. */
export function createConcertClient(address: string, timeoutMs: number): ConcertClient {
  const client = createClient(loadConcertProto().concert.v1.ConcertService, address);
  const options = { timeoutMs };
  return {
    async listConcerts() {
      const reply = await callUnary(client, client.listConcerts, {}, options);
      return reply.concerts.map((c) => ({ concertCode: c.concertCode, title: c.title }));
    },
    async getConcert(concertCode) {
      const c = await callUnary(client, client.getConcert, { concertCode }, options);
      return { concertCode: c.concertCode, title: c.title, dates: c.dates.map((d) => ({ concertDate: d.concertDate, availableSeatCount: d.availableSeatCount })) };
    },
    async listAvailableSeats(concertCode, concertDate) {
      const reply = await callUnary(client, client.listAvailableSeats, { concertCode, concertDate }, options);
      return { concertDate: reply.concertDate, seats: reply.seats.map((s) => ({ seatNumber: s.seatNumber, price: s.price })) };
    },
    async holdSeat(command) {
      return reservationOf(await callUnary(client, client.holdSeat, command, options));
    },
    async getReservation(concertCode, reservationId, userId) {
      return reservationOf(await callUnary(client, client.getReservation, { concertCode, reservationId, userId }, options));
    },
    close: () => client.close(),
  };
}
