import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, type Registry } from 'prom-client';

/** What an express request carries once a route matched (typed here so this package needs no express). */
interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const ROUTER_BASE = Symbol('metrics.routerBase');

/**
 * Requests by route template, never by raw path: `/api/v1/concerts/:concertCode/token`, so a label
 * never carries a user id, a token or a concert-specific path, and the series stay few. A request no
 * route matched (404s, static docs) counts as `unmatched`.
 */
export function httpMetrics(registry: Registry): { middleware: Middleware; routerBase: Middleware } {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests, by method, route template and status code (499: the client went away before the answer).',
    labelNames: ['method', 'route', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response finished, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const middleware: Middleware = (req, res, next) => {
    const started = process.hrtime.bigint();
    // 'close' comes after every answer, and also when the client hangs up first (a fan's timeout in a
    // rush), which 'finish' never reports: those count as 499, nginx's "client closed request".
    res.once('close', () => {
      const route = routeTemplate(req as RoutedRequest);
      const method = req.method ?? 'GET';
      requests.inc({ method, route, code: res.writableFinished ? String(res.statusCode) : '499' });
      duration.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  /**
   * Mounted first in a sub-router: remembers the router's mount path. Express restores `baseUrl` when a
   * request leaves the router (an error passed to next()), but `route` stays, so without this a failed
   * route would be counted under its path relative to the router.
   */
  const routerBase: Middleware = (req, _res, next) => {
    (req as RoutedRequest & { [ROUTER_BASE]?: string })[ROUTER_BASE] = (req as RoutedRequest).baseUrl ?? '';
    next();
  };
  return { middleware, routerBase };
}

function routeTemplate(req: RoutedRequest & { [ROUTER_BASE]?: string }): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  return (req[ROUTER_BASE] ?? req.baseUrl ?? '') + path;
}
