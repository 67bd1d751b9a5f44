import { callUnary, createClient } from '@concert/grpc-kit';
import { loadWalletProto } from '@concert/protos';
import type { WalletPort } from '../application/wallet.port';

export interface WalletClient extends WalletPort {
  close(): void;
}

/** Thin per-RPC functions over one channel; every call carries the deadline and the correlation ids. */
export function createWalletClient(address: string, timeoutMs: number): WalletClient {
  const client = createClient(loadWalletProto().wallet.v1.WalletService, address);
  const options = { timeoutMs };
  return {
    async createUser() {
      const user = await callUnary(client, client.createUser, {}, options);
      return { userId: user.userId, userKey: user.userKey };
    },
    async getUser(userId) {
      const user = await callUnary(client, client.getUser, { userId }, options);
      return { userId: user.userId };
    },
    async verifyUserKey(userId, userKey) {
      await callUnary(client, client.verifyUserKey, { userId, userKey }, options);
    },
    async getBalance(userId) {
      const reply = await callUnary(client, client.getBalance, { userId }, options);
      return reply.balance;
    },
    async charge({ userId, amount, idempotencyKey }) {
      const reply = await callUnary(client, client.charge, { userId, amount, idempotencyKey: idempotencyKey ?? '' }, options);
      return reply.balance;
    },
    close: () => client.close(),
  };
}
