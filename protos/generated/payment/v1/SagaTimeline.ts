// Original file: payment/v1/payment.proto

import type { SagaStep as _payment_v1_SagaStep, SagaStep__Output as _payment_v1_SagaStep__Output } from '../../payment/v1/SagaStep';

export interface SagaTimeline {
  'sagaId'?: (string);
  'status'?: (string);
  'steps'?: (_payment_v1_SagaStep)[];
}

export interface SagaTimeline__Output {
  'sagaId': (string);
  'status': (string);
  'steps': (_payment_v1_SagaStep__Output)[];
}
