import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ReadinessProbe } from '../../application/readiness.port';
import { z } from './openapi-zod';

const ReadinessSchema = z
  .object({ status: z.enum(['ready', 'not_ready']), dependencies: z.record(z.string(), z.enum(['up', 'down'])) })
  .openapi('Readiness');

/**
 * Liveness says the process runs; readiness says the dependencies answer, so a load balancer sends
 * traffic only to a gateway that can serve it. The probes run in parallel, each with its own deadline.
 */
export function healthRoutes(probes: readonly ReadinessProbe[], registry: OpenAPIRegistry): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  router.get('/health/ready', async (_req, res) => {
    const results = await Promise.all(probes.map(async (p) => [p.name, (await p.isReady()) ? 'up' : 'down'] as const));
    const ready = results.every(([, state]) => state === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', dependencies: Object.fromEntries(results) });
  });

  registry.registerPath({
    method: 'get',
    path: '/health/live',
    tags: ['health'],
    summary: 'The process is up',
    responses: { 200: { description: 'Live', content: { 'application/json': { schema: z.object({ status: z.literal('live') }) } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/health/ready',
    tags: ['health'],
    summary: 'Every gRPC dependency answers grpc.health.v1 with SERVING',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: ReadinessSchema } } },
      503: { description: 'A dependency is down', content: { 'application/json': { schema: ReadinessSchema } } },
    },
  });
  return router;
}
