// Original file: concert/v1/concert.proto


export interface ConcertDate {
  'concertDate'?: (string);
  'availableSeatCount'?: (number);
}

export interface ConcertDate__Output {
  'concertDate': (string);
  'availableSeatCount': (number);
}
