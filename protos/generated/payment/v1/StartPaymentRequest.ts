// Original file: payment/v1/payment.proto


export interface StartPaymentRequest {
  'userId'?: (string);
  'concertCode'?: (string);
  'tokenId'?: (string);
  'idempotencyKey'?: (string);
  'waitMs'?: (number);
  'replayOnly'?: (boolean);
}

export interface StartPaymentRequest__Output {
  'userId': (string);
  'concertCode': (string);
  'tokenId': (string);
  'idempotencyKey': (string);
  'waitMs': (number);
  'replayOnly': (boolean);
}
