import mongoose from 'mongoose';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadWalletProto } from '@concert/protos';
import type { WalletServiceClient } from '@concert/protos/generated/wallet/v1/WalletService';
import type { WalletConfig } from '../src/config';
import { start, type WalletHandle } from '../src/main';

export interface StoreCommand {
  name: string;
  /** The filter of a find/update, to tell the relay's poll from the hot path. */
  filter?: unknown;
}

/** One wallet instance on its own store connection, every command it sends recorded (driver command monitoring). */
export interface Instance {
  handle: WalletHandle;
  client: WalletServiceClient;
  commands: StoreCommand[];
  /** The store commands `work` caused (the instance's background poll included, if it ran meanwhile). */
  during(work: () => Promise<unknown>): Promise<StoreCommand[]>;
  stop(): Promise<void>;
}

export const rpcOptions = { timeoutMs: 20_000 };

export async function startInstance(config: WalletConfig): Promise<Instance> {
  const connection = await mongoose
    .createConnection(config.MONGO_URL, { retryWrites: false, maxPoolSize: 10, autoIndex: false, autoCreate: false, monitorCommands: true })
    .asPromise();
  const commands: StoreCommand[] = [];
  connection.getClient().on('commandStarted', (event) => {
    const command = event.command as { filter?: unknown; updates?: { q?: unknown }[] };
    commands.push({ name: event.commandName, filter: command.filter ?? command.updates?.[0]?.q });
  });
  const handle = await start(config, { connection });
  const client = createClient(loadWalletProto().wallet.v1.WalletService, `127.0.0.1:${handle.grpcPort}`);
  return {
    handle,
    client,
    commands,
    async during(work) {
      const from = commands.length;
      await work();
      return commands.slice(from);
    },
    async stop() {
      client.close();
      await handle.stop();
      await connection.close();
    },
  };
}

export const rpc = (c: WalletServiceClient) => ({
  createUser: async (userId = '') => (await callUnary(c, c.createUser, { userId }, rpcOptions)).userId,
  getUser: (userId: string) => callUnary(c, c.getUser, { userId }, rpcOptions),
  balance: async (userId: string, advisory = false) => (await callUnary(c, c.getBalance, { userId, advisory }, rpcOptions)).balance,
  charge: (userId: string, amount: number) => callUnary(c, c.charge, { userId, amount, idempotencyKey: '' }, rpcOptions),
  debit: (userId: string, amount: number, commandId: string, sagaId = 'saga-t') => callUnary(c, c.debit, { userId, amount, commandId, sagaId }, rpcOptions),
});

export const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: { code?: string }) => error.code);
