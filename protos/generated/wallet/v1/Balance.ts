// Original file: wallet/v1/wallet.proto

import type { Long } from '@grpc/proto-loader';

export interface Balance {
  'userId'?: (string);
  'balance'?: (number | string | Long);
}

export interface Balance__Output {
  'userId': (string);
  'balance': (number);
}
