// Original file: concert/v1/concert.proto


export interface ConcertSummary {
  'concertCode'?: (string);
  'title'?: (string);
}

export interface ConcertSummary__Output {
  'concertCode': (string);
  'title': (string);
}
