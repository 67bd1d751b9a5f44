// Original file: payment/v1/payment.proto


export interface GetSagaTimelineRequest {
  'sagaId'?: (string);
}

export interface GetSagaTimelineRequest__Output {
  'sagaId': (string);
}
