// Original file: wallet/v1/wallet.proto


export interface VerifyUserKeyRequest {
  'userId'?: (string);
  'userKey'?: (string);
}

export interface VerifyUserKeyRequest__Output {
  'userId': (string);
  'userKey': (string);
}
