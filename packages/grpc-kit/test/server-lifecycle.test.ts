import * as net from 'node:net';
import { DomainError } from '@concert/errors';
import { loadWalletProto } from '@concert/protos';
import { callUnary, createClient, isServing } from '../src';
import { startWalletFixture } from './wallet-server.fixture';

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('startGrpcServer lifecycle', () => {
  it('gives SERVICE_UNAVAILABLE, well before the deadline, when nothing listens', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const client = createClient(loadWalletProto().wallet.v1.WalletService, address);
    try {
      const began = Date.now();
      const error = await failure(callUnary(client, client.getUser, { userId: 'u' }, { timeoutMs: 3_000 }));

      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
      expect(Date.now() - began).toBeLessThan(2_000);
      expect(await isServing(address)).toBe(false);
    } finally {
      client.close();
    }
  });

  it('reports SERVING while running; after stop() it is not serving and calls give SERVICE_UNAVAILABLE', async () => {
    const fx = await startWalletFixture();
    try {
      expect(await isServing(fx.address)).toBe(true);
      await expect(callUnary(fx.client, fx.client.getUser, { userId: 'u' }, { timeoutMs: 2_000 })).resolves.toMatchObject({ userId: 'u' });

      await fx.server.stop();

      expect(await isServing(fx.address)).toBe(false);
      const error = await failure(callUnary(fx.client, fx.client.getUser, { userId: 'u' }, { timeoutMs: 2_000 }));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
    } finally {
      fx.client.close();
      await fx.server.stop();
    }
  });

  it('stop() lets an in-flight call finish before it resolves, and refuses new connections meanwhile', async () => {
    const fx = await startWalletFixture();
    try {
      const entered = fx.nextStart('Charge');
      const inFlight = callUnary(fx.client, fx.client.charge, { userId: 'u', amount: 400 }, { timeoutMs: 5_000 });
      await entered;

      let callDoneAt = 0;
      const result = inFlight.then((balance) => {
        callDoneAt = Date.now();
        return balance;
      });
      const stopping = fx.server.stop().then(() => Date.now());

      expect(await isServing(fx.address)).toBe(false);
      await expect(result).resolves.toEqual({ userId: 'u', balance: 400 });
      const stoppedAt = await stopping;
      expect(callDoneAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeGreaterThanOrEqual(callDoneAt);
    } finally {
      fx.client.close();
      await fx.server.stop();
    }
  });

  it('stop() forces the shutdown after the grace period; the cut call gives SERVICE_UNAVAILABLE', async () => {
    const fx = await startWalletFixture(200);
    try {
      const entered = fx.nextStart('Charge');
      const inFlight = failure(callUnary(fx.client, fx.client.charge, { userId: 'u', amount: 3_000 }, { timeoutMs: 5_000 }));
      await entered;

      const began = Date.now();
      await fx.server.stop();
      const elapsed = Date.now() - began;

      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(1_500);
      // The caller sees the server as gone (503 at the gateway), not as an internal error.
      const error = await inFlight;
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
    } finally {
      fx.client.close();
    }
  });
});
