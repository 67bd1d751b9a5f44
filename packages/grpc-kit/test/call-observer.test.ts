import { DomainError } from '@concert/errors';
import { createLogger } from '@concert/logger';
import { loadWalletProto } from '@concert/protos';
import { adaptHandlers, callUnary, createClient, isServing, startGrpcServer, type CallOutcome } from '../src';

describe('startGrpcServer call observer', () => {
  it('sees each call of a service with its method, status name and duration; health checks are not counted', async () => {
    const outcomes: CallOutcome[] = [];
    const service = loadWalletProto().wallet.v1.WalletService;
    const handlers = {
      async GetUser(request: { userId: string }) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { userId: request.userId, createdAt: '2024-01-02T03:04:05.000Z' };
      },
      async GetBalance(): Promise<never> {
        throw new DomainError('USER_NOT_FOUND', 'not_found', 'no such user');
      },
    };
    const implementation = adaptHandlers(handlers as never, createLogger('grpc-kit-test', 'silent'));
    const server = await startGrpcServer('127.0.0.1:0', [{ definition: service.service, implementation, name: 'wallet.v1.WalletService' }], 100, (o) =>
      outcomes.push(o),
    );
    const address = `127.0.0.1:${server.port}`;
    const client = createClient(service, address);
    try {
      await callUnary(client, client.getUser, { userId: 'u' }, { timeoutMs: 2_000 });
      await callUnary(client, client.getBalance, { userId: 'u' }, { timeoutMs: 2_000 }).catch(() => undefined);
      expect(await isServing(address)).toBe(true);

      expect(outcomes.map(({ service: s, method, code }) => ({ s, method, code }))).toEqual([
        { s: 'wallet.v1.WalletService', method: 'GetUser', code: 'OK' },
        { s: 'wallet.v1.WalletService', method: 'GetBalance', code: 'NOT_FOUND' },
      ]);
      expect(outcomes[0]!.seconds).toBeGreaterThanOrEqual(0.015);
      expect(outcomes[0]!.seconds).toBeLessThan(2);
    } finally {
      client.close();
      await server.stop();
    }
  });
});
