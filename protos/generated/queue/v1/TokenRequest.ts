// Original file: queue/v1/queue.proto


export interface TokenRequest {
  'concertCode'?: (string);
  'token'?: (string);
}

export interface TokenRequest__Output {
  'concertCode': (string);
  'token': (string);
}
