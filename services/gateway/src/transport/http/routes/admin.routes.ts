import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from '@concert/errors';
import type { ParkedMessagesPort } from '../../../application/parked-messages.port';
import type { PaymentPort } from '../../../application/payment.port';
import { z } from '../openapi-zod';
import type { RouteModule } from '../route-module';

/** Operators: a payment saga's timeline and the broker's parked messages, guarded by X-Admin-Token. */

const AdminHeaders = z.object({ 'x-admin-token': z.string().optional().openapi({ description: 'The operators\' token (ADMIN_TOKEN).' }) });
const SagaPathSchema = z.object({ sagaId: z.string().min(1).max(200) });
const TimelineSchema = z
  .object({
    sagaId: z.string(),
    status: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
    steps: z.array(z.object({ step: z.string(), service: z.string(), at: z.string(), outcome: z.string(), detail: z.string() })),
  })
  .openapi('SagaTimeline');

const ParkedSchema = z
  .object({
    total: z.number().int(),
    queues: z.record(z.string(), z.number().int()).openapi({ description: 'Messages per parking queue (replay them with `pnpm parked:replay`).' }),
  })
  .openapi('ParkedMessages');

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Unset ADMIN_TOKEN locks the route for everyone; comparison in constant time. */
function assertAdmin(req: Request, adminToken: string | undefined): void {
  const given = req.get('x-admin-token') ?? '';
  if (!adminToken || !given || !timingSafeEqual(digest(given), digest(adminToken))) {
    throw new DomainError('ADMIN_UNAUTHORIZED', 'unauthenticated', 'A valid X-Admin-Token is required.');
  }
}

export interface AdminDependencies {
  payments: PaymentPort;
  parked: ParkedMessagesPort;
  adminToken: string | undefined;
}

export const adminRoutes = ({ payments, parked, adminToken }: AdminDependencies): RouteModule => ({
  name: 'admin',
  register(api) {
    api.route({
      method: 'get',
      path: '/admin/parked',
      summary: 'Messages parked by the broker',
      description: 'How many messages wait in each parking queue of the saga (poison messages an operator looks at and replays).',
      request: { headers: AdminHeaders },
      responses: { 200: { description: 'Counts per parking queue', schema: ParkedSchema } },
      errors: ['ADMIN_UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: async ({ req }) => {
        assertAdmin(req, adminToken);
        const queues = await parked.counts();
        return { status: 200, body: { total: Object.values(queues).reduce((a, b) => a + b, 0), queues } };
      },
    });
    api.route({
      method: 'get',
      path: '/admin/sagas/{sagaId}',
      summary: "A payment saga's timeline",
      description: 'Every step in order: what happened, which service did it, when, and its outcome.',
      request: { params: SagaPathSchema, headers: AdminHeaders },
      responses: { 200: { description: 'The ordered timeline', schema: TimelineSchema } },
      errors: ['ADMIN_UNAUTHORIZED', 'SAGA_NOT_FOUND'],
      handler: async ({ params, req }) => {
        assertAdmin(req, adminToken);
        return { status: 200, body: await payments.getSagaTimeline(params.sagaId) };
      },
    });
  },
});
