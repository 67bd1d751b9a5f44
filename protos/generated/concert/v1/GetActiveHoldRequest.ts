// Original file: concert/v1/concert.proto


export interface GetActiveHoldRequest {
  'concertCode'?: (string);
  'userId'?: (string);
}

export interface GetActiveHoldRequest__Output {
  'concertCode': (string);
  'userId': (string);
}
