import type { ConcertPort, ReservationInfo } from '../../../application/concert.port';
import { UserIdSchema } from '../contract.schemas';
import { z } from '../openapi-zod';
import type { RouteModule } from '../route-module';
import type { TokenGuard } from '../token.guard';
import { ConcertDateSchema, ConcertPathSchema, READ_TOKEN_ERRORS, TOKEN_ERRORS, TOKEN_HEADER } from './concert.routes';

/** Contract rows 3-1 and 3-2: hold a seat, see the reservation. */

const INT32_MAX = 2 ** 31 - 1;

const HoldBodySchema = z
  .strictObject({
    UUID: UserIdSchema,
    concertDate: ConcertDateSchema,
    seatNumber: z
      .number({ message: 'must be an integer' })
      .int('must be an integer')
      .openapi({ description: 'Seats are numbered 1..50; any other integer is 404 SEAT_NOT_FOUND.', example: 7 }),
  })
  .openapi('HoldSeatRequest');

const ReservationSchema = z
  .object({
    reservationId: z.string(),
    status: z.enum(['HELD', 'CONFIRMED', 'EXPIRED', 'RELEASED']),
    concertDate: z.string(),
    seatNumber: z.number().int(),
    price: z.number().int(),
    expiresAt: z.string().openapi({ description: 'When the hold ends unless paid (ISO-8601).' }),
  })
  .openapi('Reservation');

const ReservationPathSchema = ConcertPathSchema.extend({
  reservationId: z.string().min(1).max(200).openapi({ description: 'As answered by the hold.' }),
});
const OptionalUserQuery = z.object({ UUID: UserIdSchema.optional() });
const OptionalUserBody = z.strictObject({ UUID: UserIdSchema.optional() });

const view = (r: ReservationInfo) => ({
  reservationId: r.reservationId,
  status: r.status,
  concertDate: r.concertDate,
  seatNumber: r.seatNumber,
  price: r.price,
  expiresAt: r.expiresAt,
});

export const reservationRoutes = ({ concerts, tokenGuard }: { concerts: ConcertPort; tokenGuard: TokenGuard }): RouteModule => ({
  name: 'reservations',
  register(api) {
    api.route({
      method: 'patch',
      path: '/concerts/{concertCode}',
      summary: 'Hold a seat',
      description:
        'Holds the seat for the hold time (5 minutes unless configured). One unpaid hold per fan and concert; ' +
        'the same fan holding the same seat again gets the same reservation.',
      request: { params: ConcertPathSchema, body: HoldBodySchema, headers: TOKEN_HEADER },
      responses: { 200: { description: 'The seat is held', schema: ReservationSchema } },
      errors: [
        'VALIDATION_FAILED',
        'SEAT_NOT_FOUND',
        'CONCERT_NOT_FOUND',
        'CONCERT_DATE_NOT_FOUND',
        'SEAT_ALREADY_HELD',
        'SEAT_ALREADY_SOLD',
        'HOLD_ALREADY_EXISTS',
        ...TOKEN_ERRORS,
      ],
      handler: async ({ params, body, req }) => {
        const fan = await tokenGuard(req, { requireActive: true });
        // Any integer is a seat number the service answers SEAT_NOT_FOUND for; keep it inside int32.
        const seatNumber = Math.abs(body.seatNumber) > INT32_MAX ? 0 : body.seatNumber;
        const held = await concerts.holdSeat({ concertCode: params.concertCode, concertDate: body.concertDate, seatNumber, userId: fan.userId });
        return { status: 200, body: view(held) };
      },
    });

    api.route({
      method: 'get',
      path: '/concerts/{concertCode}/reservations/{reservationId}',
      summary: 'A reservation of the fan',
      description: "Also with the fan's expired token, so a buyer can see CONFIRMED after paying.",
      request: { params: ReservationPathSchema, query: OptionalUserQuery, body: OptionalUserBody, headers: TOKEN_HEADER },
      responses: { 200: { description: 'HELD, CONFIRMED, EXPIRED or RELEASED', schema: ReservationSchema } },
      errors: ['RESERVATION_NOT_FOUND', ...READ_TOKEN_ERRORS],
      handler: async ({ params, req }) => {
        const fan = await tokenGuard(req, { allowExpired: true });
        return { status: 200, body: view(await concerts.getReservation(params.concertCode, params.reservationId, fan.userId)) };
      },
    });
  },
});
