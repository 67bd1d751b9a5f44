import { DomainError, type ErrorKind } from '@concert/errors';
import { withCorrelation } from '@concert/logger';
import { callUnary } from '../src';
import { SECRET, startWalletFixture, type WalletFixture } from './wallet-server.fixture';

describe('callUnary against adaptHandlers over a real gRPC server', () => {
  let fx: WalletFixture;

  beforeAll(async () => {
    fx = await startWalletFixture();
    // Connect outside any correlation, so no client-side async context can reach the server's socket.
    await callUnary(fx.client, fx.client.getUser, { userId: 'warm-up' }, { timeoutMs: 5_000 });
  });

  afterAll(async () => {
    fx.client.close();
    await fx.server.stop();
  });

  it('round-trips a request and its response', async () => {
    const user = await callUnary(fx.client, fx.client.getUser, { userId: 'user-1' }, { timeoutMs: 2_000 });
    // proto3 answers every field; the key is empty outside CreateUser's own answer.
    expect(user).toEqual({ userId: 'user-1', createdAt: '2024-01-02T03:04:05.000Z', userKey: '' });
  });

  const kinds: ErrorKind[] = [
    'invalid_argument',
    'not_found',
    'already_exists',
    'failed_precondition',
    'permission_denied',
    'unauthenticated',
    'resource_exhausted',
    'aborted',
    'unavailable',
    'internal',
  ];

  it.each(kinds)('re-throws a remote DomainError of kind %s with its code, kind and message', async (kind) => {
    const request = { userId: 'user-1', amount: 70, commandId: 'SEAT_ALREADY_HELD', sagaId: kind };
    const error = await callUnary(fx.client, fx.client.debit, request, { timeoutMs: 2_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SEAT_ALREADY_HELD', kind, message: 'debit of 70 refused' });
  });

  it('turns an unexpected handler error into INTERNAL without leaking its message, and logs it with the correlation', async () => {
    const error = await withCorrelation({ requestId: 'req-boom' }, () =>
      callUnary(fx.client, fx.client.getBalance, { userId: 'user-1' }, { timeoutMs: 2_000 }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INTERNAL', kind: 'internal' });
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).not.toContain('connection failed');

    const logged = fx.logs.find((l) => l.msg === 'rpc failed unexpectedly');
    expect(logged).toMatchObject({ level: 'error', rpc: 'GetBalance', requestId: 'req-boom', err: { message: `connection failed: ${SECRET}` } });
    expect(String((logged?.err as { stack?: unknown }).stack)).toContain('wallet-server.fixture');
  });

  it('turns a store that did not answer into SERVICE_UNAVAILABLE (retryable), keeping the driver error in the log only', async () => {
    const error = await callUnary(fx.client, fx.client.verifyUserKey, { userId: 'store-down', userKey: 'k' }, { timeoutMs: 2_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
    expect((error as Error).message).not.toContain('ECONNRESET');
    expect(fx.logs.find((l) => l.msg === 'rpc failed: a store did not answer')).toMatchObject({ level: 'warn', rpc: 'VerifyUserKey', err: { name: 'MongoNetworkError' } });
  });

  it('carries requestId and sagaId from the caller into the handler, and nothing when the caller has none', async () => {
    fx.seen.length = 0;
    await withCorrelation({ requestId: 'req-42', sagaId: 'saga-7' }, () =>
      callUnary(fx.client, fx.client.createUser, { userId: 'u' }, { timeoutMs: 2_000 }),
    );
    await withCorrelation({ requestId: 'req-43' }, () => callUnary(fx.client, fx.client.createUser, { userId: 'u' }, { timeoutMs: 2_000 }));
    await callUnary(fx.client, fx.client.createUser, { userId: 'u' }, { timeoutMs: 2_000 });

    expect(fx.seen).toEqual([{ requestId: 'req-42', sagaId: 'saga-7' }, { requestId: 'req-43' }, {}]);
  });

  it('keeps the correlations of concurrent calls apart', async () => {
    fx.seen.length = 0;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        withCorrelation({ requestId: `req-${i}`, sagaId: `saga-${i}` }, () =>
          callUnary(fx.client, fx.client.createUser, { userId: `u-${i}` }, { timeoutMs: 5_000 }),
        ),
      ),
    );

    expect(fx.seen).toHaveLength(50);
    for (const ids of fx.seen) expect(ids.sagaId).toBe(ids.requestId?.replace('req-', 'saga-'));
    expect(new Set(fx.seen.map((ids) => ids.requestId)).size).toBe(50);
  });

  it('gives SERVICE_UNAVAILABLE near the deadline when the handler is slower', async () => {
    const began = Date.now();
    const error = await callUnary(fx.client, fx.client.charge, { userId: 'slow', amount: 1_500 }, { timeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const elapsed = Date.now() - began;

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(800);
  });

  it('hands the handler the deadline of the caller', async () => {
    const before = Date.now();
    const entry = await callUnary(fx.client, fx.client.refund, { userId: 'u' }, { timeoutMs: 4_000 });
    const deadline = Number(entry.createdAt);
    expect(deadline).toBeGreaterThanOrEqual(before + 4_000 - 50);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 4_000 + 50);
  });

  it.each([Number.POSITIVE_INFINITY, Number.NaN, 0, -5])('refuses a call without a usable deadline (timeoutMs %p) instead of sending it', async (timeoutMs) => {
    const began = Date.now();
    const error = await callUnary(fx.client, fx.client.charge, { userId: 'slow', amount: 1_500 }, { timeoutMs }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(Date.now() - began).toBeLessThan(500);
  });
});
