import { Writable } from 'node:stream';
import { DomainError, type ErrorKind } from '@concert/errors';
import { createLogger, currentCorrelation, type Correlation } from '@concert/logger';
import { loadWalletProto } from '@concert/protos';
import type { WalletServiceClient, WalletServiceHandlers } from '@concert/protos/generated/wallet/v1/WalletService';
import { adaptHandlers, createClient, startGrpcServer, type AsyncHandlers, type GrpcServerHandle } from '../src';

export const SECRET = 'password=hunter2 at mongodb://10.0.0.7';

// Unref'd: a handler left sleeping by a cancelled or force-stopped call must not keep jest alive.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Hand-written wallet handlers, each exercising one path of the kit:
 * GetUser answers; GetBalance throws a plain Error (an unexpected failure); VerifyUserKey of user
 * `store-down` throws the store driver's network error; Debit throws the
 * DomainError named by its request (code = commandId, kind = sagaId); CreateUser reports the
 * correlation it ran in; Charge answers after `amount` milliseconds; Refund reports the call's deadline
 * (epoch ms) in createdAt.
 */
function walletHandlers(seen: Correlation[], started: (rpc: string) => void): AsyncHandlers<WalletServiceHandlers> {
  return {
    async GetUser(request) {
      return { userId: request.userId, createdAt: '2024-01-02T03:04:05.000Z' };
    },
    async VerifyUserKey(request) {
      if (request.userId === 'store-down') throw Object.assign(new Error(`connect ECONNRESET ${SECRET}`), { name: 'MongoNetworkError' });
      return { userId: request.userId, createdAt: '2024-01-02T03:04:05.000Z' };
    },
    async GetBalance() {
      throw new Error(`connection failed: ${SECRET}`);
    },
    async Debit(request) {
      throw new DomainError(request.commandId, request.sagaId as ErrorKind, `debit of ${request.amount} refused`);
    },
    async CreateUser(request) {
      await sleep(1); // the correlation must survive an await inside the handler
      seen.push({ ...currentCorrelation() });
      return { userId: request.userId, createdAt: new Date().toISOString() };
    },
    async Charge(request) {
      started('Charge');
      await sleep(request.amount);
      return { userId: request.userId, balance: request.amount };
    },
    async Refund(request, call) {
      return { userId: request.userId, version: 0, kind: 'REFUNDED', amount: 0, balance: 0, commandId: '', createdAt: String(call.deadline) };
    },
  };
}

export interface WalletFixture {
  server: GrpcServerHandle;
  address: string;
  client: WalletServiceClient;
  /** Correlation ids seen by CreateUser, one per call. */
  seen: Correlation[];
  /** Parsed log lines of the server's logger. */
  logs: Record<string, unknown>[];
  /** Resolves when the next call of `rpc` has entered its handler. */
  nextStart(rpc: string): Promise<void>;
}

export async function startWalletFixture(graceMs?: number): Promise<WalletFixture> {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger('grpc-kit-test', 'info', destination);
  const seen: Correlation[] = [];
  const waiting = new Map<string, () => void>();
  const started = (rpc: string) => {
    waiting.get(rpc)?.();
    waiting.delete(rpc);
  };

  const service = loadWalletProto().wallet.v1.WalletService;
  const server = await startGrpcServer(
    '127.0.0.1:0',
    [{ definition: service.service, implementation: adaptHandlers(walletHandlers(seen, started), logger), name: 'wallet.v1.WalletService' }],
    graceMs,
  );
  const address = `127.0.0.1:${server.port}`;
  return {
    server,
    address,
    client: createClient(service, address),
    seen,
    logs,
    nextStart: (rpc) => new Promise<void>((resolve) => waiting.set(rpc, resolve)),
  };
}
