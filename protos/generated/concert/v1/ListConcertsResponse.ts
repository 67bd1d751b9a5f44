// Original file: concert/v1/concert.proto

import type { ConcertSummary as _concert_v1_ConcertSummary, ConcertSummary__Output as _concert_v1_ConcertSummary__Output } from '../../concert/v1/ConcertSummary';

export interface ListConcertsResponse {
  'concerts'?: (_concert_v1_ConcertSummary)[];
}

export interface ListConcertsResponse__Output {
  'concerts': (_concert_v1_ConcertSummary__Output)[];
}
