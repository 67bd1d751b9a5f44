// Original file: concert/v1/concert.proto


export interface GetReservationRequest {
  'concertCode'?: (string);
  'reservationId'?: (string);
  'userId'?: (string);
}

export interface GetReservationRequest__Output {
  'concertCode': (string);
  'reservationId': (string);
  'userId': (string);
}
