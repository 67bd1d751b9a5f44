import { DomainError } from '@concert/errors';
import type { ConcertPort } from '../../../application/concert.port';
import { UserIdSchema } from '../contract.schemas';
import { z } from '../openapi-zod';
import type { RouteModule } from '../route-module';
import type { TokenGuard } from '../token.guard';

/** Contract rows 0-2, 2-1 and 2-2: the concerts, a concert's dates, a date's free seats. */

export const ConcertPathSchema = z.object({
  concertCode: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
    .openapi({ description: 'The concert code.', example: 'IU-2026' }),
});

/** ISO-8601 date-time with a zone (`Z` or an offset), e.g. 2026-12-24T19:00:00.000Z. */
export const ConcertDateSchema = z
  .iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-12-24T19:00:00.000Z' })
  .openapi({ description: 'A date of the concert (ISO-8601 date-time).', example: '2026-12-24T19:00:00.000Z' });

export const TOKEN_HEADER = z.object({
  authorization: z.string().optional().openapi({ description: 'The queue token: `Bearer <token>` or the bare token.' }),
});
/** Every token route: the token table, and RATE_LIMITED once the token's request budget is spent. */
export const TOKEN_ERRORS = ['INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_MISMATCH', 'TOKEN_NOT_ACTIVE', 'RATE_LIMITED'] as const;
/** The read routes that also take a used-up token: expired past its grace (or its exp) is still refused. */
export const READ_TOKEN_ERRORS = ['INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_MISMATCH', 'RATE_LIMITED'] as const;

const ConcertListSchema = z
  .object({ concertList: z.array(z.object({ concertCode: z.string(), title: z.string() })) })
  .openapi('ConcertList', { example: { concertList: [{ concertCode: 'IU-2026', title: 'IU 2026 Concert: The Winning' }] } });
const ConcertSchema = z
  .object({
    concertCode: z.string(),
    title: z.string(),
    concertDateList: z.array(z.object({ concertDate: z.string(), availableSeatCount: z.number().int() })).openapi({
      description: 'Upcoming dates that still have a free seat.',
    }),
  })
  .openapi('Concert');
const SeatListSchema = z
  .object({
    concertDate: z.string(),
    concertSeatList: z.array(z.object({ seatNumber: z.number().int(), price: z.number().int() })).openapi({ description: 'Free seats only.' }),
  })
  .openapi('ConcertSeats');

const SeatsQuerySchema = z.object({ UUID: UserIdSchema.optional(), concertDate: ConcertDateSchema.optional() });
// The seed sends GET bodies: the date may come in the body as well as in the query string.
const SeatsBodySchema = z.strictObject({ UUID: UserIdSchema.optional(), concertDate: ConcertDateSchema.optional() });
const OptionalUserQuery = z.object({ UUID: UserIdSchema.optional() });
const OptionalUserBody = z.strictObject({ UUID: UserIdSchema.optional() });

export const concertRoutes = ({ concerts, tokenGuard }: { concerts: ConcertPort; tokenGuard: TokenGuard }): RouteModule => ({
  name: 'concerts',
  register(api) {
    api.route({
      method: 'get',
      path: '/concerts',
      summary: 'The concerts on sale',
      description: 'Needs no token: how a client learns the concert codes.',
      responses: { 200: { description: 'Every concert', schema: ConcertListSchema } },
      handler: async () => ({ status: 200, body: { concertList: await concerts.listConcerts() } }),
    });

    api.route({
      method: 'get',
      path: '/concerts/{concertCode}',
      summary: "A concert's upcoming dates with free seats",
      request: { params: ConcertPathSchema, query: OptionalUserQuery, body: OptionalUserBody, headers: TOKEN_HEADER },
      responses: { 200: { description: 'The concert and its bookable dates', schema: ConcertSchema } },
      errors: ['CONCERT_NOT_FOUND', ...TOKEN_ERRORS],
      handler: async ({ params, req }) => {
        await tokenGuard(req, { requireActive: true });
        const concert = await concerts.getConcert(params.concertCode);
        return { status: 200, body: { concertCode: concert.concertCode, title: concert.title, concertDateList: concert.dates } };
      },
    });

    api.route({
      method: 'get',
      path: '/concerts/{concertCode}/seats',
      summary: 'The free seats of a date',
      description: '`concertDate` in the query string, or in the body as the original API sends it.',
      request: { params: ConcertPathSchema, query: SeatsQuerySchema, body: SeatsBodySchema, headers: TOKEN_HEADER },
      responses: { 200: { description: 'Free seats with their prices', schema: SeatListSchema } },
      errors: ['VALIDATION_FAILED', 'CONCERT_NOT_FOUND', 'CONCERT_DATE_NOT_FOUND', ...TOKEN_ERRORS],
      handler: async ({ params, query, body, req }) => {
        const concertDate = query.concertDate ?? body.concertDate;
        if (!concertDate) throw new DomainError('VALIDATION_FAILED', 'invalid_argument', 'concertDate is required (query or body).');
        await tokenGuard(req, { requireActive: true });
        const seats = await concerts.listAvailableSeats(params.concertCode, concertDate);
        return { status: 200, body: { concertDate: seats.concertDate, concertSeatList: seats.seats } };
      },
    });
  },
});
