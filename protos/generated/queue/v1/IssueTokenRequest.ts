// Original file: queue/v1/queue.proto


export interface IssueTokenRequest {
  'concertCode'?: (string);
  'userId'?: (string);
}

export interface IssueTokenRequest__Output {
  'concertCode': (string);
  'userId': (string);
}
