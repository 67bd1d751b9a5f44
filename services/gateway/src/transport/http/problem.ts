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

/** Errors thrown by express's body parser carry a `type`; they describe the client's body, not us. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string' && typeof (error as BodyParserError).status === 'number';

function classify(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (!isBodyParserError(error) || error.status >= 500) return undefined;
  switch (error.type) {
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', 'invalid_argument', 'The request body is larger than 16 KiB.');
    case 'entity.parse.failed':
      return new DomainError('MALFORMED_JSON', 'invalid_argument', `The request body is not valid JSON: ${error.message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'invalid_argument', error.message);
    default:
      return new DomainError('VALIDATION_FAILED', 'invalid_argument', 'The request body could not be read.');
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
