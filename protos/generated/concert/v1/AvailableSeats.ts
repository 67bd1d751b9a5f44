// Original file: concert/v1/concert.proto

import type { Seat as _concert_v1_Seat, Seat__Output as _concert_v1_Seat__Output } from '../../concert/v1/Seat';

export interface AvailableSeats {
  'concertDate'?: (string);
  'seats'?: (_concert_v1_Seat)[];
}

export interface AvailableSeats__Output {
  'concertDate': (string);
  'seats': (_concert_v1_Seat__Output)[];
}
