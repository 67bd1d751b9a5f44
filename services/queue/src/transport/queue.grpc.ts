import type { AsyncHandlers } from '@concert/grpc-kit';
import type { Logger } from '@concert/logger';
import type { QueueServiceHandlers } from '@concert/protos/generated/queue/v1/QueueService';
import type { QueueService } from '../application/queue.service';

/** gRPC face of the queue: messages in, use cases, messages out. Errors travel as DomainErrors. */
export function queueGrpcHandlers(queue: QueueService, logger: Logger): AsyncHandlers<QueueServiceHandlers> {
  return {
    IssueToken: async (req) => queue.issue(req.concertCode, req.userId),
    GetStatus: async (req) => queue.status(req.concertCode, req.token),
    Leave: async (req) => {
      await queue.leave(req.concertCode, req.token);
      return {};
    },
    ValidateToken: async (req) =>
      queue.validate(req.concertCode, req.token, { requireActive: req.requireActive, allowExpired: req.allowExpired }),
    ExpireToken: async (req) => {
      await queue.expire(req.concertCode, req.tokenId);
      // The payment saga calls this: the line carries its sagaId, so the saga's story includes the queue.
      logger.info({ concertCode: req.concertCode, tokenId: req.tokenId, reason: req.reason }, 'queue token expired');
      return {};
    },
  };
}
