// Original file: payment/v1/payment.proto


export interface GetPaymentRequest {
  'paymentId'?: (string);
  'userId'?: (string);
}

export interface GetPaymentRequest__Output {
  'paymentId': (string);
  'userId': (string);
}
