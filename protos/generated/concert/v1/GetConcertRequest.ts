// Original file: concert/v1/concert.proto


export interface GetConcertRequest {
  'concertCode'?: (string);
}

export interface GetConcertRequest__Output {
  'concertCode': (string);
}
