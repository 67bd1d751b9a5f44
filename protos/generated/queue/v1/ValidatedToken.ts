// Original file: queue/v1/queue.proto


export interface ValidatedToken {
  'userId'?: (string);
  'tokenId'?: (string);
  'concertCode'?: (string);
  'status'?: (string);
}

export interface ValidatedToken__Output {
  'userId': (string);
  'tokenId': (string);
  'concertCode': (string);
  'status': (string);
}
