// Original file: wallet/v1/wallet.proto


export interface CreateUserRequest {
  'userId'?: (string);
  'userKey'?: (string);
}

export interface CreateUserRequest__Output {
  'userId': (string);
  'userKey': (string);
}
