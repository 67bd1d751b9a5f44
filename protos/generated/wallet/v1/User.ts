// Original file: wallet/v1/wallet.proto


export interface User {
  'userId'?: (string);
  'createdAt'?: (string);
  'userKey'?: (string);
}

export interface User__Output {
  'userId': (string);
  'createdAt': (string);
  'userKey': (string);
}
