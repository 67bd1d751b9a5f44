// Original file: wallet/v1/wallet.proto


export interface CreateUserRequest {
  'userId'?: (string);
}

export interface CreateUserRequest__Output {
  'userId': (string);
}
