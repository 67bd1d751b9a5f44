import type { AsyncHandlers } from '@concert/grpc-kit';
import type { ConcertServiceHandlers } from '@concert/protos/generated/concert/v1/ConcertService';
import type { CatalogQueries } from '../application/catalog.queries';
import type { HoldSeat } from '../application/hold-seat.use-case';
import type { ReservationQueries } from '../application/reservation.queries';
import type { SeatCommands } from '../application/seat-commands.use-case';

export interface ConcertUseCases {
  catalog: CatalogQueries;
  holdSeat: HoldSeat;
  reservations: ReservationQueries;
  commands: SeatCommands;
}

/** gRPC handlers: field mapping only; rules and errors live in the use cases. */
export function concertHandlers(u: ConcertUseCases): AsyncHandlers<ConcertServiceHandlers> {
  return {
    ListConcerts: async () => ({ concerts: await u.catalog.listConcerts() }),
    GetConcert: (req) => u.catalog.getConcert(req.concertCode),
    ListAvailableSeats: (req) => u.catalog.listAvailableSeats(req.concertCode, req.concertDate),
    HoldSeat: (req, call) =>
      u.holdSeat.execute(
        { concertCode: req.concertCode, concertDate: req.concertDate, seatNumber: req.seatNumber, userId: req.userId },
        call.deadline,
      ),
    GetReservation: (req) => u.reservations.getReservation(req.concertCode, req.reservationId, req.userId),
    GetActiveHold: (req) => u.reservations.getActiveHold(req.concertCode, req.userId),
    ConfirmSeat: (req) => u.commands.confirm({ reservationId: req.reservationId, commandId: req.commandId, sagaId: req.sagaId }),
    ReleaseSeat: (req) => u.commands.release({ reservationId: req.reservationId, commandId: req.commandId, sagaId: req.sagaId }),
  };
}
