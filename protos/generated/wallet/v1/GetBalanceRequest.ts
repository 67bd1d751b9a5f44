// Original file: wallet/v1/wallet.proto


export interface GetBalanceRequest {
  'userId'?: (string);
  'advisory'?: (boolean);
}

export interface GetBalanceRequest__Output {
  'userId': (string);
  'advisory': (boolean);
}
