import { callUnary, createClient } from '@concert/grpc-kit';
import { loadQueueProto } from '@concert/protos';
import type { TokenStatus__Output } from '@concert/protos/generated/queue/v1/TokenStatus';
import type { QueuePort, QueueStatus, ValidatedQueueToken } from '../application/queue.port';

export interface QueueClient extends QueuePort {
  close(): void;
}

/** Thin per-RPC functions over one channel; every call carries the deadline and the correlation ids. */
export function createQueueClient(address: string, timeoutMs: number): QueueClient {
  const client = createClient(loadQueueProto().queue.v1.QueueService, address);
  const options = { timeoutMs };
  return {
    async issueToken(concertCode, userId) {
      const reply = await callUnary(client, client.issueToken, { concertCode, userId }, options);
      return { token: reply.token, created: reply.created, status: toStatus(reply.status!) };
    },
    async getStatus(concertCode, token) {
      return toStatus(await callUnary(client, client.getStatus, { concertCode, token }, options));
    },
    async leave(concertCode, token) {
      await callUnary(client, client.leave, { concertCode, token }, options);
    },
    async validateToken(concertCode, token, { requireActive, allowExpired }) {
      const reply = await callUnary(client, client.validateToken, { concertCode, token, requireActive, allowExpired }, options);
      return { ...reply, status: reply.status as ValidatedQueueToken['status'] };
    },
    close: () => client.close(),
  };
}

function toStatus(reply: TokenStatus__Output): QueueStatus {
  return {
    status: reply.status as QueueStatus['status'],
    position: reply.position,
    estimatedWaitSeconds: reply.estimatedWaitSeconds,
    pollAfterSeconds: reply.pollAfterSeconds,
    activeUntil: reply.activeUntil || null,
    userId: reply.userId,
    tokenId: reply.tokenId,
  };
}
