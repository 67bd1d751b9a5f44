// Original file: wallet/v1/wallet.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Balance as _wallet_v1_Balance, Balance__Output as _wallet_v1_Balance__Output } from '../../wallet/v1/Balance';
import type { ChargeRequest as _wallet_v1_ChargeRequest, ChargeRequest__Output as _wallet_v1_ChargeRequest__Output } from '../../wallet/v1/ChargeRequest';
import type { CreateUserRequest as _wallet_v1_CreateUserRequest, CreateUserRequest__Output as _wallet_v1_CreateUserRequest__Output } from '../../wallet/v1/CreateUserRequest';
import type { DebitRequest as _wallet_v1_DebitRequest, DebitRequest__Output as _wallet_v1_DebitRequest__Output } from '../../wallet/v1/DebitRequest';
import type { GetBalanceRequest as _wallet_v1_GetBalanceRequest, GetBalanceRequest__Output as _wallet_v1_GetBalanceRequest__Output } from '../../wallet/v1/GetBalanceRequest';
import type { GetUserRequest as _wallet_v1_GetUserRequest, GetUserRequest__Output as _wallet_v1_GetUserRequest__Output } from '../../wallet/v1/GetUserRequest';
import type { LedgerEntry as _wallet_v1_LedgerEntry, LedgerEntry__Output as _wallet_v1_LedgerEntry__Output } from '../../wallet/v1/LedgerEntry';
import type { RefundRequest as _wallet_v1_RefundRequest, RefundRequest__Output as _wallet_v1_RefundRequest__Output } from '../../wallet/v1/RefundRequest';
import type { User as _wallet_v1_User, User__Output as _wallet_v1_User__Output } from '../../wallet/v1/User';
import type { VerifyUserKeyRequest as _wallet_v1_VerifyUserKeyRequest, VerifyUserKeyRequest__Output as _wallet_v1_VerifyUserKeyRequest__Output } from '../../wallet/v1/VerifyUserKeyRequest';

export interface WalletServiceClient extends grpc.Client {
  Charge(argument: _wallet_v1_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  Charge(argument: _wallet_v1_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  Charge(argument: _wallet_v1_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  Charge(argument: _wallet_v1_ChargeRequest, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  charge(argument: _wallet_v1_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  charge(argument: _wallet_v1_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  charge(argument: _wallet_v1_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  charge(argument: _wallet_v1_ChargeRequest, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  
  CreateUser(argument: _wallet_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _wallet_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _wallet_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _wallet_v1_CreateUserRequest, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _wallet_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _wallet_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _wallet_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _wallet_v1_CreateUserRequest, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  
  Debit(argument: _wallet_v1_DebitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  Debit(argument: _wallet_v1_DebitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  Debit(argument: _wallet_v1_DebitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  Debit(argument: _wallet_v1_DebitRequest, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  debit(argument: _wallet_v1_DebitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  debit(argument: _wallet_v1_DebitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  debit(argument: _wallet_v1_DebitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  debit(argument: _wallet_v1_DebitRequest, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  
  GetBalance(argument: _wallet_v1_GetBalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  GetBalance(argument: _wallet_v1_GetBalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  GetBalance(argument: _wallet_v1_GetBalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  GetBalance(argument: _wallet_v1_GetBalanceRequest, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  getBalance(argument: _wallet_v1_GetBalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  getBalance(argument: _wallet_v1_GetBalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  getBalance(argument: _wallet_v1_GetBalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  getBalance(argument: _wallet_v1_GetBalanceRequest, callback: grpc.requestCallback<_wallet_v1_Balance__Output>): grpc.ClientUnaryCall;
  
  GetUser(argument: _wallet_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _wallet_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _wallet_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _wallet_v1_GetUserRequest, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _wallet_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _wallet_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _wallet_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _wallet_v1_GetUserRequest, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  
  Refund(argument: _wallet_v1_RefundRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  Refund(argument: _wallet_v1_RefundRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  Refund(argument: _wallet_v1_RefundRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  Refund(argument: _wallet_v1_RefundRequest, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  refund(argument: _wallet_v1_RefundRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  refund(argument: _wallet_v1_RefundRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  refund(argument: _wallet_v1_RefundRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  refund(argument: _wallet_v1_RefundRequest, callback: grpc.requestCallback<_wallet_v1_LedgerEntry__Output>): grpc.ClientUnaryCall;
  
  VerifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  VerifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  VerifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  VerifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  verifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  verifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  verifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  verifyUserKey(argument: _wallet_v1_VerifyUserKeyRequest, callback: grpc.requestCallback<_wallet_v1_User__Output>): grpc.ClientUnaryCall;
  
}

export interface WalletServiceHandlers extends grpc.UntypedServiceImplementation {
  Charge: grpc.handleUnaryCall<_wallet_v1_ChargeRequest__Output, _wallet_v1_Balance>;
  
  CreateUser: grpc.handleUnaryCall<_wallet_v1_CreateUserRequest__Output, _wallet_v1_User>;
  
  Debit: grpc.handleUnaryCall<_wallet_v1_DebitRequest__Output, _wallet_v1_LedgerEntry>;
  
  GetBalance: grpc.handleUnaryCall<_wallet_v1_GetBalanceRequest__Output, _wallet_v1_Balance>;
  
  GetUser: grpc.handleUnaryCall<_wallet_v1_GetUserRequest__Output, _wallet_v1_User>;
  
  Refund: grpc.handleUnaryCall<_wallet_v1_RefundRequest__Output, _wallet_v1_LedgerEntry>;
  
  VerifyUserKey: grpc.handleUnaryCall<_wallet_v1_VerifyUserKeyRequest__Output, _wallet_v1_User>;
  
}

export interface WalletServiceDefinition extends grpc.ServiceDefinition {
  Charge: MethodDefinition<_wallet_v1_ChargeRequest, _wallet_v1_Balance, _wallet_v1_ChargeRequest__Output, _wallet_v1_Balance__Output>
  CreateUser: MethodDefinition<_wallet_v1_CreateUserRequest, _wallet_v1_User, _wallet_v1_CreateUserRequest__Output, _wallet_v1_User__Output>
  Debit: MethodDefinition<_wallet_v1_DebitRequest, _wallet_v1_LedgerEntry, _wallet_v1_DebitRequest__Output, _wallet_v1_LedgerEntry__Output>
  GetBalance: MethodDefinition<_wallet_v1_GetBalanceRequest, _wallet_v1_Balance, _wallet_v1_GetBalanceRequest__Output, _wallet_v1_Balance__Output>
  GetUser: MethodDefinition<_wallet_v1_GetUserRequest, _wallet_v1_User, _wallet_v1_GetUserRequest__Output, _wallet_v1_User__Output>
  Refund: MethodDefinition<_wallet_v1_RefundRequest, _wallet_v1_LedgerEntry, _wallet_v1_RefundRequest__Output, _wallet_v1_LedgerEntry__Output>
  VerifyUserKey: MethodDefinition<_wallet_v1_VerifyUserKeyRequest, _wallet_v1_User, _wallet_v1_VerifyUserKeyRequest__Output, _wallet_v1_User__Output>
}
