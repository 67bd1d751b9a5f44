import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { DomainError } from '@concert/errors';
import type { RouteSpec } from './route-module';

const PARTS = ['params', 'query', 'body', 'headers'] as const;
type Part = (typeof PARTS)[number];

/**
 * Parses every declared part of the request with its zod schema and leaves the parsed values on
 * `req.valid`. The first invalid input decides the problem code (a route may map fields to its own
 * code); the detail lists what was wrong in words a client can act on.
 */
export function validateRequest(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
  return (req, _res, next) => {
    const raw: Record<Part, unknown> = { params: req.params, query: req.query, body: req.body ?? {}, headers: req.headers };
    const valid: Partial<Record<Part, unknown>> = {};
    const problems: { key: string; message: string }[] = [];
    for (const part of PARTS) {
      const schema = spec.request?.[part];
      if (!schema) continue;
      const result = schema.safeParse(raw[part], { reportInput: true });
      if (result.success) valid[part] = result.data;
      else problems.push(...result.error.issues.map((issue) => describe(part, issue)));
    }
    if (problems.length > 0) {
      const code = codeFor(problems[0]!.key, spec.invalidCodes);
      const detail = problems.slice(0, 5).map((p) => `${p.key}: ${p.message}`).join('; ');
      throw new DomainError(code, 'invalid_argument', detail);
    }
    (req as typeof req & { valid: typeof valid }).valid = valid;
    next();
  };
}

function describe(part: Part, issue: z.core.$ZodIssue): { key: string; message: string } {
  const key = [part, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') return { key, message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  if (issue.code === 'invalid_type' && issue.input === undefined) return { key, message: 'is required' };
  return { key, message: issue.message };
}

function codeFor(key: string, invalidCodes: Readonly<Record<string, string>> | undefined): string {
  for (const [prefix, code] of Object.entries(invalidCodes ?? {})) {
    if (key === prefix || key.startsWith(`${prefix}.`)) return code;
  }
  return 'VALIDATION_FAILED';
}
