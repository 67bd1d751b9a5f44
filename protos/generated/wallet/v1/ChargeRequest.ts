// Original file: wallet/v1/wallet.proto

import type { Long } from '@grpc/proto-loader';

export interface ChargeRequest {
  'userId'?: (string);
  'amount'?: (number | string | Long);
  'idempotencyKey'?: (string);
}

export interface ChargeRequest__Output {
  'userId': (string);
  'amount': (number);
  'idempotencyKey': (string);
}
