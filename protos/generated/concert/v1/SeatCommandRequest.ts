// Original file: concert/v1/concert.proto


export interface SeatCommandRequest {
  'reservationId'?: (string);
  'commandId'?: (string);
  'sagaId'?: (string);
}

export interface SeatCommandRequest__Output {
  'reservationId': (string);
  'commandId': (string);
  'sagaId': (string);
}
