import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { DomainError } from '@concert/errors';
import type { RouteSpec } from './route-module';

const PARTS = ['params', 'query', 'body', 'headers'] as const;
type Part = (typeof PARTS)[number];

/**
 * Parses every declared part of the request with its zod schema and leaves the parsed values on
 * `req.valid`. The first invalid input decides the problem code (a route may map fields to its own
 * code); the problem's detail is that code's fixed text (problem-details.ts), because zod's messages
 * may quote what the client sent.
 */
export function validateRequest(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
  return (req, _res, next) => {
    const raw: Record<Part, unknown> = { params: req.params, query: req.query, body: req.body ?? {}, headers: req.headers };
    const valid: Partial<Record<Part, unknown>> = {};
    let firstInvalid: string | undefined;
    for (const part of PARTS) {
      const schema = spec.request?.[part];
      if (!schema) continue;
      const result = schema.safeParse(raw[part]);
      if (result.success) valid[part] = result.data;
      else firstInvalid ??= [part, ...(result.error.issues[0]?.path ?? []).map(String)].join('.');
    }
    if (firstInvalid !== undefined) throw new DomainError(codeFor(firstInvalid, spec.invalidCodes), 'invalid_argument', 'invalid request');
    (req as typeof req & { valid: typeof valid }).valid = valid;
    next();
  };
}

function codeFor(key: string, invalidCodes: Readonly<Record<string, string>> | undefined): string {
  for (const [prefix, code] of Object.entries(invalidCodes ?? {})) {
    if (key === prefix || key.startsWith(`${prefix}.`)) return code;
  }
  return 'VALIDATION_FAILED';
}
