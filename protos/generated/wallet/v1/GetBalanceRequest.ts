// Original file: wallet/v1/wallet.proto


export interface GetBalanceRequest {
  'userId'?: (string);
}

export interface GetBalanceRequest__Output {
  'userId': (string);
}
