import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExpireTokenRequest as _queue_v1_ExpireTokenRequest, ExpireTokenRequest__Output as _queue_v1_ExpireTokenRequest__Output } from './queue/v1/ExpireTokenRequest';
import type { ExpireTokenResponse as _queue_v1_ExpireTokenResponse, ExpireTokenResponse__Output as _queue_v1_ExpireTokenResponse__Output } from './queue/v1/ExpireTokenResponse';
import type { IssueTokenRequest as _queue_v1_IssueTokenRequest, IssueTokenRequest__Output as _queue_v1_IssueTokenRequest__Output } from './queue/v1/IssueTokenRequest';
import type { IssueTokenResponse as _queue_v1_IssueTokenResponse, IssueTokenResponse__Output as _queue_v1_IssueTokenResponse__Output } from './queue/v1/IssueTokenResponse';
import type { LeaveResponse as _queue_v1_LeaveResponse, LeaveResponse__Output as _queue_v1_LeaveResponse__Output } from './queue/v1/LeaveResponse';
import type { QueueServiceClient as _queue_v1_QueueServiceClient, QueueServiceDefinition as _queue_v1_QueueServiceDefinition } from './queue/v1/QueueService';
import type { TokenRequest as _queue_v1_TokenRequest, TokenRequest__Output as _queue_v1_TokenRequest__Output } from './queue/v1/TokenRequest';
import type { TokenStatus as _queue_v1_TokenStatus, TokenStatus__Output as _queue_v1_TokenStatus__Output } from './queue/v1/TokenStatus';
import type { ValidateTokenRequest as _queue_v1_ValidateTokenRequest, ValidateTokenRequest__Output as _queue_v1_ValidateTokenRequest__Output } from './queue/v1/ValidateTokenRequest';
import type { ValidatedToken as _queue_v1_ValidatedToken, ValidatedToken__Output as _queue_v1_ValidatedToken__Output } from './queue/v1/ValidatedToken';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  queue: {
    v1: {
      ExpireTokenRequest: MessageTypeDefinition<_queue_v1_ExpireTokenRequest, _queue_v1_ExpireTokenRequest__Output>
      ExpireTokenResponse: MessageTypeDefinition<_queue_v1_ExpireTokenResponse, _queue_v1_ExpireTokenResponse__Output>
      IssueTokenRequest: MessageTypeDefinition<_queue_v1_IssueTokenRequest, _queue_v1_IssueTokenRequest__Output>
      IssueTokenResponse: MessageTypeDefinition<_queue_v1_IssueTokenResponse, _queue_v1_IssueTokenResponse__Output>
      LeaveResponse: MessageTypeDefinition<_queue_v1_LeaveResponse, _queue_v1_LeaveResponse__Output>
      QueueService: SubtypeConstructor<typeof grpc.Client, _queue_v1_QueueServiceClient> & { service: _queue_v1_QueueServiceDefinition }
      TokenRequest: MessageTypeDefinition<_queue_v1_TokenRequest, _queue_v1_TokenRequest__Output>
      TokenStatus: MessageTypeDefinition<_queue_v1_TokenStatus, _queue_v1_TokenStatus__Output>
      ValidateTokenRequest: MessageTypeDefinition<_queue_v1_ValidateTokenRequest, _queue_v1_ValidateTokenRequest__Output>
      ValidatedToken: MessageTypeDefinition<_queue_v1_ValidatedToken, _queue_v1_ValidatedToken__Output>
    }
  }
}

