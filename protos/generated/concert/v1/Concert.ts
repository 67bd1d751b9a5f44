// Original file: concert/v1/concert.proto

import type { ConcertDate as _concert_v1_ConcertDate, ConcertDate__Output as _concert_v1_ConcertDate__Output } from '../../concert/v1/ConcertDate';

export interface Concert {
  'concertCode'?: (string);
  'title'?: (string);
  'dates'?: (_concert_v1_ConcertDate)[];
  'soldOut'?: (boolean);
}

export interface Concert__Output {
  'concertCode': (string);
  'title': (string);
  'dates': (_concert_v1_ConcertDate__Output)[];
  'soldOut': (boolean);
}
