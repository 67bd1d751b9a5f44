// Original file: queue/v1/queue.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ExpireTokenRequest as _queue_v1_ExpireTokenRequest, ExpireTokenRequest__Output as _queue_v1_ExpireTokenRequest__Output } from '../../queue/v1/ExpireTokenRequest';
import type { ExpireTokenResponse as _queue_v1_ExpireTokenResponse, ExpireTokenResponse__Output as _queue_v1_ExpireTokenResponse__Output } from '../../queue/v1/ExpireTokenResponse';
import type { IssueTokenRequest as _queue_v1_IssueTokenRequest, IssueTokenRequest__Output as _queue_v1_IssueTokenRequest__Output } from '../../queue/v1/IssueTokenRequest';
import type { IssueTokenResponse as _queue_v1_IssueTokenResponse, IssueTokenResponse__Output as _queue_v1_IssueTokenResponse__Output } from '../../queue/v1/IssueTokenResponse';
import type { LeaveResponse as _queue_v1_LeaveResponse, LeaveResponse__Output as _queue_v1_LeaveResponse__Output } from '../../queue/v1/LeaveResponse';
import type { TokenRequest as _queue_v1_TokenRequest, TokenRequest__Output as _queue_v1_TokenRequest__Output } from '../../queue/v1/TokenRequest';
import type { TokenStatus as _queue_v1_TokenStatus, TokenStatus__Output as _queue_v1_TokenStatus__Output } from '../../queue/v1/TokenStatus';
import type { ValidateTokenRequest as _queue_v1_ValidateTokenRequest, ValidateTokenRequest__Output as _queue_v1_ValidateTokenRequest__Output } from '../../queue/v1/ValidateTokenRequest';
import type { ValidatedToken as _queue_v1_ValidatedToken, ValidatedToken__Output as _queue_v1_ValidatedToken__Output } from '../../queue/v1/ValidatedToken';

export interface QueueServiceClient extends grpc.Client {
  ExpireToken(argument: _queue_v1_ExpireTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  ExpireToken(argument: _queue_v1_ExpireTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  ExpireToken(argument: _queue_v1_ExpireTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  ExpireToken(argument: _queue_v1_ExpireTokenRequest, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  expireToken(argument: _queue_v1_ExpireTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  expireToken(argument: _queue_v1_ExpireTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  expireToken(argument: _queue_v1_ExpireTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  expireToken(argument: _queue_v1_ExpireTokenRequest, callback: grpc.requestCallback<_queue_v1_ExpireTokenResponse__Output>): grpc.ClientUnaryCall;
  
  GetStatus(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _queue_v1_TokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _queue_v1_TokenRequest, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _queue_v1_TokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _queue_v1_TokenRequest, callback: grpc.requestCallback<_queue_v1_TokenStatus__Output>): grpc.ClientUnaryCall;
  
  IssueToken(argument: _queue_v1_IssueTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _queue_v1_IssueTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _queue_v1_IssueTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _queue_v1_IssueTokenRequest, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _queue_v1_IssueTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _queue_v1_IssueTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _queue_v1_IssueTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _queue_v1_IssueTokenRequest, callback: grpc.requestCallback<_queue_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  
  Leave(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  Leave(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  Leave(argument: _queue_v1_TokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  Leave(argument: _queue_v1_TokenRequest, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _queue_v1_TokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _queue_v1_TokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _queue_v1_TokenRequest, callback: grpc.requestCallback<_queue_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  
  ValidateToken(argument: _queue_v1_ValidateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  ValidateToken(argument: _queue_v1_ValidateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  ValidateToken(argument: _queue_v1_ValidateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  ValidateToken(argument: _queue_v1_ValidateTokenRequest, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _queue_v1_ValidateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _queue_v1_ValidateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _queue_v1_ValidateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _queue_v1_ValidateTokenRequest, callback: grpc.requestCallback<_queue_v1_ValidatedToken__Output>): grpc.ClientUnaryCall;
  
}

export interface QueueServiceHandlers extends grpc.UntypedServiceImplementation {
  ExpireToken: grpc.handleUnaryCall<_queue_v1_ExpireTokenRequest__Output, _queue_v1_ExpireTokenResponse>;
  
  GetStatus: grpc.handleUnaryCall<_queue_v1_TokenRequest__Output, _queue_v1_TokenStatus>;
  
  IssueToken: grpc.handleUnaryCall<_queue_v1_IssueTokenRequest__Output, _queue_v1_IssueTokenResponse>;
  
  Leave: grpc.handleUnaryCall<_queue_v1_TokenRequest__Output, _queue_v1_LeaveResponse>;
  
  ValidateToken: grpc.handleUnaryCall<_queue_v1_ValidateTokenRequest__Output, _queue_v1_ValidatedToken>;
  
}

export interface QueueServiceDefinition extends grpc.ServiceDefinition {
  ExpireToken: MethodDefinition<_queue_v1_ExpireTokenRequest, _queue_v1_ExpireTokenResponse, _queue_v1_ExpireTokenRequest__Output, _queue_v1_ExpireTokenResponse__Output>
  GetStatus: MethodDefinition<_queue_v1_TokenRequest, _queue_v1_TokenStatus, _queue_v1_TokenRequest__Output, _queue_v1_TokenStatus__Output>
  IssueToken: MethodDefinition<_queue_v1_IssueTokenRequest, _queue_v1_IssueTokenResponse, _queue_v1_IssueTokenRequest__Output, _queue_v1_IssueTokenResponse__Output>
  Leave: MethodDefinition<_queue_v1_TokenRequest, _queue_v1_LeaveResponse, _queue_v1_TokenRequest__Output, _queue_v1_LeaveResponse__Output>
  ValidateToken: MethodDefinition<_queue_v1_ValidateTokenRequest, _queue_v1_ValidatedToken, _queue_v1_ValidateTokenRequest__Output, _queue_v1_ValidatedToken__Output>
}
