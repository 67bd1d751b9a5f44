import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { DomainError, knownError } from '@concert/errors';
import { detailOf, GENERIC_DETAIL } from './problem-details';
import { statusOf, titleOf, typeOf } from './problem-status';

/** The RFC 9457 body every error of the gateway answers with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
}

/** `detail` is the code's fixed text (problem-details.ts); 5xx keep a generic one whatever the code. */
export function sendProblem(res: Response, status: number, code: string): void {
  const detail = status >= 500 ? (GENERIC_DETAIL[status] ?? GENERIC_DETAIL[500]!) : detailOf(code);
  const requestId = String(res.locals.requestId ?? '');
  const problem: Problem = { type: typeOf(code), title: titleOf(code), status, detail, code, requestId };
  if (status === 503) res.setHeader('Retry-After', '1');
  res.status(status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * Errors of express and its body parser are http-errors: a 4xx `status` (and, from the body parser,
 * a `type`) means the client's request was unreadable, never that we failed. Their messages quote the
 * body, so only the status and type are read.
 */
interface HttpError {
  status: number;
  type?: string;
}

const isClientHttpError = (error: unknown): error is HttpError => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
};

function classify(error: unknown): DomainError | undefined {
  const known = knownError(error);
  if (known) return known;
  if (!isClientHttpError(error)) return undefined;
  if (error.type === 'entity.parse.failed') return new DomainError('MALFORMED_JSON', 'invalid_argument', 'unparsable body');
  switch (error.status) {
    case 413:
      return new DomainError('PAYLOAD_TOO_LARGE', 'invalid_argument', 'body too large');
    case 415:
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'invalid_argument', 'unsupported body encoding');
    default:
      // e.g. a path segment that is not valid percent-encoding, a body that fails to decompress
      return new DomainError('VALIDATION_FAILED', 'invalid_argument', 'unreadable request');
  }
}

/**
 * The one error handler: a DomainError (local or re-thrown from a gRPC service) becomes its contract
 * status; anything unknown is INTERNAL. 5xx details stay generic; the error itself goes to the log
 * line of the request (pino-http logs `res.err` with its stack).
 */
export const problemHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const known = classify(error);
  const code = known?.code ?? 'INTERNAL';
  const status = statusOf(code, known?.kind);
  if (status >= 500) res.err = error instanceof Error ? error : new Error(String(error));
  sendProblem(res, status, code);
};

export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, 404, 'NOT_FOUND');
};
