import { z } from 'zod';

/** Reusable environment fields, parsed from strings. */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const durationMs = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const url = (fallback: string) => z.string().url().default(fallback);
export const hostPort = (fallback: string) =>
  z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').default(fallback);
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');
/** `production` turns on the checks that refuse development defaults and weak secrets. */
export const nodeEnv = z.string().optional();
