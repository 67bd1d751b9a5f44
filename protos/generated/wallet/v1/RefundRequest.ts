// Original file: wallet/v1/wallet.proto

import type { Long } from '@grpc/proto-loader';

export interface RefundRequest {
  'userId'?: (string);
  'amount'?: (number | string | Long);
  'commandId'?: (string);
  'sagaId'?: (string);
}

export interface RefundRequest__Output {
  'userId': (string);
  'amount': (number);
  'commandId': (string);
  'sagaId': (string);
}
