// Original file: concert/v1/concert.proto

import type { Long } from '@grpc/proto-loader';

export interface Seat {
  'seatNumber'?: (number);
  'price'?: (number | string | Long);
}

export interface Seat__Output {
  'seatNumber': (number);
  'price': (number);
}
