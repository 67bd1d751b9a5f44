// Original file: payment/v1/payment.proto

import type { Long } from '@grpc/proto-loader';

export interface Payment {
  'paymentId'?: (string);
  'sagaId'?: (string);
  'status'?: (string);
  'amount'?: (number | string | Long);
  'concertDate'?: (string);
  'seatNumber'?: (number);
  'balance'?: (number | string | Long);
  'reason'?: (string);
  'userId'?: (string);
  'reservationId'?: (string);
}

export interface Payment__Output {
  'paymentId': (string);
  'sagaId': (string);
  'status': (string);
  'amount': (number);
  'concertDate': (string);
  'seatNumber': (number);
  'balance': (number);
  'reason': (string);
  'userId': (string);
  'reservationId': (string);
}
