// Original file: queue/v1/queue.proto


export interface ValidateTokenRequest {
  'concertCode'?: (string);
  'token'?: (string);
  'requireActive'?: (boolean);
  'allowExpired'?: (boolean);
}

export interface ValidateTokenRequest__Output {
  'concertCode': (string);
  'token': (string);
  'requireActive': (boolean);
  'allowExpired': (boolean);
}
