import type { Request, Response } from 'express';
import type { z } from 'zod';

/**
 * One group of REST routes (users, queue, concerts, payments, admin …). A module declares each route
 * once with `api.route(spec)`; the declaration is both the express route (with validation) and its
 * OpenAPI path, so the document can never drift from what the gateway serves.
 */
export interface RouteModule {
  /** Group name; also the OpenAPI tag of its routes. */
  readonly name: string;
  register(api: ApiBuilder): void;
}

export interface ApiBuilder {
  route<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, H extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B, H>,
  ): void;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI style and relative to /api/v1, e.g. `/users/{UUID}/balance`. */
  path: `/${string}`;
  summary: string;
  description?: string;
  request?: {
    /** An object schema of the path parameters. */
    params?: P;
    /** An object schema of the query string (unknown query parameters are ignored). */
    query?: Q;
    /** Must be a `z.strictObject`: unknown fields are rejected. A missing body is read as `{}`. */
    body?: B;
    /** An object schema with lower-case header names (other headers are ignored). */
    headers?: H;
  };
  /**
   * Problem code per invalid input, keyed by `<part>.<field path>` (e.g. `body.amount` →
   * INVALID_AMOUNT); every other invalid input is VALIDATION_FAILED.
   */
  invalidCodes?: Readonly<Record<string, string>>;
  /** Success responses by status; a missing schema means no body (e.g. 204). */
  responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
  /** Contract problem codes this route may answer with (documented per status in OpenAPI). */
  errors?: readonly string[];
  handler(input: RouteInput<P, Q, B, H>): Promise<Reply>;
}

export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  headers: z.output<H>;
  req: Request;
  res: Response;
}

export interface Reply {
  status: number;
  /** Sent as JSON; omit for an empty response. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}
