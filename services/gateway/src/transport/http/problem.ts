import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { DomainError, isDomainError } from '@concert/errors';
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

const GENERIC_DETAIL: Record<number, string> = {
  500: 'An unexpected error occurred; quote the request id to support.',
  503: 'A service this request needs did not answer in time; try again shortly.',
};

export function sendProblem(res: Response, status: number, code: string, detail: string): void {
  const requestId = String(res.locals.requestId ?? '');
  const problem: Problem = { type: typeOf(code), title: titleOf(code), status, detail, code, requestId };
  if (status === 503) res.setHeader('Retry-After', '1');
  res.status(status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * Errors of express and its body parser are http-errors: a 4xx `status` (and, from the body parser,
 * a `type`) means the client's request was unreadable, never that we failed.
 */
interface HttpError {
  status: number;
  type?: string;
  message: string;
}

const isClientHttpError = (error: unknown): error is HttpError => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
};

function classify(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (!isClientHttpError(error)) return undefined;
  if (error.type === 'entity.parse.failed') {
    return new DomainError('MALFORMED_JSON', 'invalid_argument', `The request body is not valid JSON: ${error.message}`);
  }
  switch (error.status) {
    case 413:
      return new DomainError('PAYLOAD_TOO_LARGE', 'invalid_argument', 'The request body is larger than 16 KiB.');
    case 415:
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'invalid_argument', error.message);
    default:
      // e.g. a path segment that is not valid percent-encoding, a body that fails to decompress
      return new DomainError('VALIDATION_FAILED', 'invalid_argument', `The request could not be read: ${error.message}`);
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
  const detail = status >= 500 ? (GENERIC_DETAIL[status] ?? GENERIC_DETAIL[500]!) : (known?.message ?? titleOf(code));
  sendProblem(res, status, code, detail);
};

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'NOT_FOUND', `No route ${req.method} ${req.path}.`);
};
