import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withCorrelation } from '@concert/logger';

/** An incoming id is reused only when it is short and plain, so it cannot forge or flood log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * First middleware: fixes the request id, sets `X-Request-Id` before anything can answer (errors and
 * 404s included), and runs the rest of the chain in its correlation.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = requestId;
  res.locals.requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  withCorrelation({ requestId }, () => next());
};
