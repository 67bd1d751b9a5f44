// Original file: queue/v1/queue.proto

import type { Long } from '@grpc/proto-loader';

export interface TokenStatus {
  'status'?: (string);
  'position'?: (number | string | Long);
  'estimatedWaitSeconds'?: (number | string | Long);
  'pollAfterSeconds'?: (number);
  'activeUntil'?: (string);
  'userId'?: (string);
  'tokenId'?: (string);
}

export interface TokenStatus__Output {
  'status': (string);
  'position': (number);
  'estimatedWaitSeconds': (number);
  'pollAfterSeconds': (number);
  'activeUntil': (string);
  'userId': (string);
  'tokenId': (string);
}
