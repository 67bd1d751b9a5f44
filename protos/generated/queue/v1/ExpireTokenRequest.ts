// Original file: queue/v1/queue.proto


export interface ExpireTokenRequest {
  'concertCode'?: (string);
  'tokenId'?: (string);
  'reason'?: (string);
}

export interface ExpireTokenRequest__Output {
  'concertCode': (string);
  'tokenId': (string);
  'reason': (string);
}
