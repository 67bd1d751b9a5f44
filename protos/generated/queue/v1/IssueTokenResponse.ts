// Original file: queue/v1/queue.proto

import type { TokenStatus as _queue_v1_TokenStatus, TokenStatus__Output as _queue_v1_TokenStatus__Output } from '../../queue/v1/TokenStatus';

export interface IssueTokenResponse {
  'token'?: (string);
  'created'?: (boolean);
  'status'?: (_queue_v1_TokenStatus | null);
}

export interface IssueTokenResponse__Output {
  'token': (string);
  'created': (boolean);
  'status': (_queue_v1_TokenStatus__Output | null);
}
