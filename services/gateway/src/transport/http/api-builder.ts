import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Router } from 'express';
import type { z } from 'zod';
import { withCorrelation } from '@concert/logger';
import { ProblemSchema } from './contract.schemas';
import { statusOf } from './problem-status';
import { validateRequest } from './validate-request';
import type { ApiBuilder, RouteSpec } from './route-module';

export const API_BASE = '/api/v1';

/** Codes every route can answer with, whatever it declares (a service down, busy, or a bug). */
const ALWAYS = ['SERVICE_UNAVAILABLE', 'SERVICE_BUSY', 'INTERNAL'] as const;
/**
 * The body's codes, also on a route that takes no body: app.ts reads every request's body as JSON, so
 * one that is not JSON, too large, in an unknown encoding or that fails to inflate is refused anywhere.
 */
const BODY_READ = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const;

/** Builds the `route()` of one module: an express route on `router` plus its OpenAPI path. */
export function createApiBuilder(router: Router, registry: OpenAPIRegistry, tag: string): ApiBuilder {
  return {
    route(spec) {
      assertStrictBody(spec);
      const expressPath = spec.path.replace(/\{([^}]+)\}/g, ':$1');
      router[spec.method](expressPath, validateRequest(spec), serve(spec));
      registry.registerPath(openApiPath(spec, tag));
    },
  };
}

type RouteParameter = NonNullable<RouteConfig['request']>['params'];
type AnySpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

function serve(spec: AnySpec): RequestHandler {
  return async (req, res) => {
    const { params, query, body, headers } = (req as Request & { valid: Record<string, unknown> }).valid;
    // Body parsing resumes in the socket's async context; re-enter the request's correlation so that
    // logs and gRPC metadata of the handler carry its request id.
    const reply = await withCorrelation({ requestId: res.locals.requestId as string }, () =>
      spec.handler({ params, query, body, headers, req, res }),
    );
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  };
}

function assertStrictBody(spec: AnySpec): void {
  const body = spec.request?.body as { def?: { type?: string; catchall?: { def?: { type?: string } } } } | undefined;
  if (body?.def?.type === 'object' && body.def.catchall?.def?.type !== 'never') {
    throw new Error(`${spec.method.toUpperCase()} ${spec.path}: the body schema must be a z.strictObject (unknown fields are rejected)`);
  }
}

function openApiPath(spec: AnySpec, tag: string): RouteConfig {
  const { params, query, headers, body } = spec.request ?? {};
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, { description, schema }] of Object.entries(spec.responses)) {
    responses[status] = schema ? { description, content: { 'application/json': { schema } } } : { description };
  }
  const codes = new Set<string>([...BODY_READ, ...(spec.errors ?? []), ...ALWAYS]);
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  for (const [status, list] of byStatus) {
    responses[String(status)] = {
      description: `Problem; \`code\` is one of ${list.join(', ')}`,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return {
    method: spec.method,
    path: `${API_BASE}${spec.path}`,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [tag],
    request: {
      params: params as RouteParameter,
      query: query as RouteParameter,
      headers: headers as RouteParameter,
      ...(body ? { body: { required: false, content: { 'application/json': { schema: body } } } } : {}),
    },
    responses,
  };
}
