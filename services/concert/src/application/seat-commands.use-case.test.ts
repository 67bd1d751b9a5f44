import { newReservationId, seatIdOf } from '../domain/seat-id';
import type { SeatRecord } from '../domain/seat-record';
import type { HoldClaimStore, SeatStore } from './concert.ports';
import { SeatBoard } from './seat-board';
import { SeatCommands } from './seat-commands.use-case';

const seat = { concertCode: 'IU-2026', concertDate: '2026-12-24T19:00:00.000Z', seatNumber: 7 };
const T0 = new Date('2026-12-01T00:00:00.000Z').getTime();

/**
 * A seat whose history read is slow: the read starts before the hold's expiresAt and its answer
 * arrives after it (the clock moves while the store answers).
 */
function slowReadOfExpiringHold() {
  let nowMs = T0;
  const reservationId = newReservationId(seat);
  const held: SeatRecord = {
    seatId: seatIdOf(seat),
    version: 1,
    type: 'HELD',
    ...seat,
    reservationId,
    userId: 'fan',
    price: 100,
    expiresAt: new Date(T0 + 1_000),
    commandId: `hold:${reservationId}`,
    sagaId: '',
    at: new Date(T0),
  };
  const appended: SeatRecord[] = [];
  const seats: SeatStore = {
    preparePartition: async () => undefined,
    recordsOfDate: async () => [],
    unlist: async () => undefined,
    head: async () => appended.at(-1) ?? held,
    history: async () => {
      nowMs = T0 + 1_500; // the answer comes back after expiresAt
      return [held, ...appended];
    },
    append: async (record) => void appended.push(record),
  };
  const claims: HoldClaimStore = {
    preparePartition: async () => undefined,
    head: async () => null,
    byReservation: async () => null,
    append: async () => undefined,
  };
  const now = () => new Date(nowMs);
  const commands = new SeatCommands(seats, claims, now, new SeatBoard(seats, now));
  return { commands, reservationId, appended };
}

describe('SeatCommands.confirm and the clock', () => {
  it('does not sell a hold whose expiresAt passed while its history was being read', async () => {
    const { commands, reservationId, appended } = slowReadOfExpiringHold();
    await expect(commands.confirm({ reservationId, commandId: 'confirm-1', sagaId: 'saga-1' })).rejects.toMatchObject({
      code: 'SEAT_HOLD_EXPIRED',
    });
    expect(appended.map((r) => r.type)).toEqual(['EXPIRED']);
  });
});
