// Original file: wallet/v1/wallet.proto

import type { Long } from '@grpc/proto-loader';

export interface LedgerEntry {
  'userId'?: (string);
  'version'?: (number | string | Long);
  'kind'?: (string);
  'amount'?: (number | string | Long);
  'balance'?: (number | string | Long);
  'commandId'?: (string);
  'createdAt'?: (string);
}

export interface LedgerEntry__Output {
  'userId': (string);
  'version': (number);
  'kind': (string);
  'amount': (number);
  'balance': (number);
  'commandId': (string);
  'createdAt': (string);
}
