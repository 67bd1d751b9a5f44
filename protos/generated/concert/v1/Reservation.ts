// Original file: concert/v1/concert.proto

import type { Long } from '@grpc/proto-loader';

export interface Reservation {
  'reservationId'?: (string);
  'status'?: (string);
  'concertCode'?: (string);
  'concertDate'?: (string);
  'seatNumber'?: (number);
  'price'?: (number | string | Long);
  'expiresAt'?: (string);
  'userId'?: (string);
}

export interface Reservation__Output {
  'reservationId': (string);
  'status': (string);
  'concertCode': (string);
  'concertDate': (string);
  'seatNumber': (number);
  'price': (number);
  'expiresAt': (string);
  'userId': (string);
}
