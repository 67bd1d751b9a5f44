// Original file: payment/v1/payment.proto


export interface SagaStep {
  'step'?: (string);
  'service'?: (string);
  'at'?: (string);
  'outcome'?: (string);
  'detail'?: (string);
}

export interface SagaStep__Output {
  'step': (string);
  'service': (string);
  'at': (string);
  'outcome': (string);
  'detail': (string);
}
