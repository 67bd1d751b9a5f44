// Original file: concert/v1/concert.proto


export interface ListAvailableSeatsRequest {
  'concertCode'?: (string);
  'concertDate'?: (string);
}

export interface ListAvailableSeatsRequest__Output {
  'concertCode': (string);
  'concertDate': (string);
}
