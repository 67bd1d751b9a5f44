import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Balance as _wallet_v1_Balance, Balance__Output as _wallet_v1_Balance__Output } from './wallet/v1/Balance';
import type { ChargeRequest as _wallet_v1_ChargeRequest, ChargeRequest__Output as _wallet_v1_ChargeRequest__Output } from './wallet/v1/ChargeRequest';
import type { CreateUserRequest as _wallet_v1_CreateUserRequest, CreateUserRequest__Output as _wallet_v1_CreateUserRequest__Output } from './wallet/v1/CreateUserRequest';
import type { DebitRequest as _wallet_v1_DebitRequest, DebitRequest__Output as _wallet_v1_DebitRequest__Output } from './wallet/v1/DebitRequest';
import type { GetBalanceRequest as _wallet_v1_GetBalanceRequest, GetBalanceRequest__Output as _wallet_v1_GetBalanceRequest__Output } from './wallet/v1/GetBalanceRequest';
import type { GetUserRequest as _wallet_v1_GetUserRequest, GetUserRequest__Output as _wallet_v1_GetUserRequest__Output } from './wallet/v1/GetUserRequest';
import type { LedgerEntry as _wallet_v1_LedgerEntry, LedgerEntry__Output as _wallet_v1_LedgerEntry__Output } from './wallet/v1/LedgerEntry';
import type { RefundRequest as _wallet_v1_RefundRequest, RefundRequest__Output as _wallet_v1_RefundRequest__Output } from './wallet/v1/RefundRequest';
import type { User as _wallet_v1_User, User__Output as _wallet_v1_User__Output } from './wallet/v1/User';
import type { VerifyUserKeyRequest as _wallet_v1_VerifyUserKeyRequest, VerifyUserKeyRequest__Output as _wallet_v1_VerifyUserKeyRequest__Output } from './wallet/v1/VerifyUserKeyRequest';
import type { WalletServiceClient as _wallet_v1_WalletServiceClient, WalletServiceDefinition as _wallet_v1_WalletServiceDefinition } from './wallet/v1/WalletService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  wallet: {
    v1: {
      Balance: MessageTypeDefinition<_wallet_v1_Balance, _wallet_v1_Balance__Output>
      ChargeRequest: MessageTypeDefinition<_wallet_v1_ChargeRequest, _wallet_v1_ChargeRequest__Output>
      CreateUserRequest: MessageTypeDefinition<_wallet_v1_CreateUserRequest, _wallet_v1_CreateUserRequest__Output>
      DebitRequest: MessageTypeDefinition<_wallet_v1_DebitRequest, _wallet_v1_DebitRequest__Output>
      GetBalanceRequest: MessageTypeDefinition<_wallet_v1_GetBalanceRequest, _wallet_v1_GetBalanceRequest__Output>
      GetUserRequest: MessageTypeDefinition<_wallet_v1_GetUserRequest, _wallet_v1_GetUserRequest__Output>
      LedgerEntry: MessageTypeDefinition<_wallet_v1_LedgerEntry, _wallet_v1_LedgerEntry__Output>
      RefundRequest: MessageTypeDefinition<_wallet_v1_RefundRequest, _wallet_v1_RefundRequest__Output>
      User: MessageTypeDefinition<_wallet_v1_User, _wallet_v1_User__Output>
      VerifyUserKeyRequest: MessageTypeDefinition<_wallet_v1_VerifyUserKeyRequest, _wallet_v1_VerifyUserKeyRequest__Output>
      WalletService: SubtypeConstructor<typeof grpc.Client, _wallet_v1_WalletServiceClient> & { service: _wallet_v1_WalletServiceDefinition }
    }
  }
}

