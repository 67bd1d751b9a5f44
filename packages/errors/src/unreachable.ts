import { DomainError, isDomainError } from './domain-error';

/**
 * Errors the store drivers (MongoDB, Redis) raise when their server did not answer: unreachable,
 * connection reset, cleared or closed, no server selectable, no pooled connection in time, client
 * offline, a server shutting down or not primary, the server's own time limit (maxTimeMS) passed,
 * Redis still loading its data or busy; and a socket's own errors. Recognised by
 * name, code and reply prefix, so that no package here depends on a driver.
 */
const UNREACHABLE_STORE = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'DisconnectsClientError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'TimeoutError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoUnexpectedServerResponseError',
]);
/**
 * MongoDB server codes that say "not now": host unreachable or not found, network timeout, shutting
 * down, not primary / stepped down, socket exception, time limit exceeded, maxTimeMS expired.
 */
const NOT_NOW_SERVER_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);
const SOCKET_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Redis replies that mean "not now" (a restarted server loading its data, a busy script, no primary). */
const REDIS_NOT_NOW = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN) /;

export function isUnreachableStore(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  // node-redis's errors keep Error's name; their class tells them apart.
  const errorClass = (error as { constructor?: { name?: string } } | null)?.constructor?.name;
  return (
    UNREACHABLE_STORE.has(String(name)) ||
    UNREACHABLE_STORE.has(String(errorClass)) ||
    (name === 'MongoServerError' && NOT_NOW_SERVER_CODES.has(Number(code))) ||
    SOCKET_FAILURES.has(String(code)) ||
    ((errorClass === 'SimpleError' || errorClass === 'ErrorReply') && REDIS_NOT_NOW.test(String(message)))
  );
}

/**
 * The error as the caller should see it: a DomainError as it is; a store that did not answer as
 * SERVICE_UNAVAILABLE (worth retrying, never the caller's fault); anything else unknown (null).
 */
export function knownError(error: unknown): DomainError | null {
  if (isDomainError(error)) return error;
  if (isUnreachableStore(error)) return new DomainError('SERVICE_UNAVAILABLE', 'unavailable', 'a store did not answer');
  return null;
}
