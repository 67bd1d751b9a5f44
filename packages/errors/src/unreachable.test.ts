import { DomainError } from './domain-error';
import { isUnreachableStore, knownError } from './unreachable';

const named = (name: string, code?: number) => Object.assign(new Error('x'), { name, code });

describe('a store that did not answer', () => {
  it('is recognised by the driver error names and the server time limit', () => {
    for (const name of ['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoPoolClearedError', 'MongoWaitQueueTimeoutError', 'MongoTopologyClosedError', 'MongoNotConnectedError']) {
      expect(isUnreachableStore(named(name))).toBe(true);
    }
    for (const name of ['ClientClosedError', 'ClientOfflineError', 'SocketClosedUnexpectedlyError', 'ConnectionTimeoutError', 'SocketTimeoutError', 'TimeoutError']) {
      expect(isUnreachableStore(named(name))).toBe(true);
    }
    expect(isUnreachableStore(named('MongoServerError', 50))).toBe(true);
    expect(isUnreachableStore(named('MongoServerError', 91))).toBe(true);
    expect(isUnreachableStore(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }))).toBe(true);
    expect(isUnreachableStore(Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' }))).toBe(true);
    // node-redis's errors: Error's name, their own class.
    class SocketClosedUnexpectedlyError extends Error {}
    expect(isUnreachableStore(new SocketClosedUnexpectedlyError('Socket closed unexpectedly'))).toBe(true);
    class SimpleError extends Error {}
    expect(isUnreachableStore(new SimpleError('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isUnreachableStore(new SimpleError('NOSCRIPT No matching script'))).toBe(false);
    expect(isUnreachableStore(new SimpleError('ERR wrong number of arguments'))).toBe(false);
    expect(isUnreachableStore(new Error('LOADING something else entirely'))).toBe(false);
    expect(isUnreachableStore(named('MongoServerError', 11000))).toBe(false);
    expect(isUnreachableStore(new TypeError('boom'))).toBe(false);
    expect(isUnreachableStore(undefined)).toBe(false);
  });

  it('is SERVICE_UNAVAILABLE for the caller; a DomainError stays itself; anything else is unknown', () => {
    expect(knownError(named('MongoNetworkError'))).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
    const refusal = new DomainError('SEAT_ALREADY_HELD', 'already_exists');
    expect(knownError(refusal)).toBe(refusal);
    expect(knownError(new Error('bug'))).toBeNull();
  });
});
