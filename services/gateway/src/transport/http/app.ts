/*
 * The HTTP app: middleware, the route modules, and the error handling around them.
 *
 * Adding a route group (queue, concerts, reservations, payments, admin …):
 *   1. Declare the ports you need in `src/application/<name>.port.ts` and implement them as thin gRPC
 *      functions in `src/infrastructure/<service>.client.ts` (every call through `callUnary` with
 *      `timeoutMs`, so it has a deadline and forwards the request id).
 *   2. Write `routes/<group>.routes.ts` exporting `(deps) => RouteModule`; declare each route once with
 *      `api.route({ method, path: '/concerts/{concertCode}', request: { params, query, body, headers },
 *      responses, errors, handler })`. Paths are relative to /api/v1 and OpenAPI style. Bodies must be
 *      `z.strictObject`; `invalidCodes` maps a field to a contract code other than VALIDATION_FAILED.
 *      Throw `DomainError` with a contract code; map any new code in `problem-status.ts` and give
 *      it its fixed client text in `problem-details.ts` (a problem's detail never carries the error's
 *      own message or anything of the request).
 *   3. In `main.ts`: create the client, add the module to `routes`, the client to `closers`, and the
 *      service to `dependencies` so /health/ready checks it.
 * The module then is served, validated and documented (/api/openapi.json, /api/docs) with no other
 * change here.
 */
import express, { type Express } from 'express';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { Logger } from '@concert/logger';
import type { httpMetrics } from '@concert/metrics';
import type { ReadinessProbe } from '../../application/readiness.port';
import { API_BASE, createApiBuilder } from './api-builder';
import { healthRoutes } from './health.routes';
import { openApiDocument } from './openapi-document';
import { notFoundHandler, problemHandler } from './problem';
import { requestContext } from './request-context';
import type { RouteModule } from './route-module';

export interface AppOptions {
  logger: Logger;
  routes: readonly RouteModule[];
  readiness: readonly ReadinessProbe[];
  /** Express's `trust proxy` (config TRUST_PROXY): false, a hop count, or the trusted proxies. */
  trustProxy?: boolean | number | string;
  /** Requests counted and timed per route template (Prometheus). */
  metrics?: ReturnType<typeof httpMetrics>;
}

const SECRET_HEADERS = ['authorization', 'x-user-key', 'x-admin-token'];

/** The contract caps request bodies at 16 KiB. */
const BODY_LIMIT = '16kb';

export function createApp({ logger, routes, readiness, trustProxy = false, metrics }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  // First, so every answer is counted, also those of the middleware below (400, 413, 429).
  if (metrics) app.use(metrics.middleware);
  app.use(requestContext);
  app.use(
    pinoHttp({
      // Belt and braces: the serializers below leave headers out, and should one ever log them, the
      // secrets among them (queue token, user key, admin token) are censored.
      logger: logger.child({}, { redact: { paths: SECRET_HEADERS.map((h) => `req.headers["${h}"]`), censor: '[redacted]' } }),
      genReqId: (req) => req.id,
      // Health probes come every few seconds from orchestrators and start scripts: not worth a line each.
      autoLogging: { ignore: (req) => req.url?.startsWith('/health/') ?? false },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      // Only what an operator needs; headers are left out because they carry queue tokens and user keys.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  const registry = new OpenAPIRegistry();
  app.use(healthRoutes(readiness, registry));

  const api = express.Router();
  if (metrics) api.use(metrics.routerBase);
  // Every body is read as JSON whatever its content type: the contract answers any non-JSON body 400.
  api.use(express.json({ limit: BODY_LIMIT, strict: true, type: () => true }));
  for (const module of routes) module.register(createApiBuilder(api, registry, module.name));
  app.use(API_BASE, api);

  const document = openApiDocument(registry);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Concert reservation API' }));

  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
