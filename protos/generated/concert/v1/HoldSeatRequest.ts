// Original file: concert/v1/concert.proto


export interface HoldSeatRequest {
  'concertCode'?: (string);
  'concertDate'?: (string);
  'seatNumber'?: (number);
  'userId'?: (string);
}

export interface HoldSeatRequest__Output {
  'concertCode': (string);
  'concertDate': (string);
  'seatNumber': (number);
  'userId': (string);
}
