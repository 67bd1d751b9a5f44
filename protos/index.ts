// One source of truth for every RPC: the .proto files beside this module, loaded at run time with the
// same options the generated types were made with (see the "gen" script).
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as WalletProto } from './generated/wallet';
import type { ProtoGrpcType as QueueProto } from './generated/queue';
import type { ProtoGrpcType as ConcertProto } from './generated/concert';
import type { ProtoGrpcType as PaymentProto } from './generated/payment';

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

// Compiled output lives in dist/, sources at the package root: find the .proto files from either.
const PROTO_ROOT = path.basename(__dirname) === 'dist' ? path.resolve(__dirname, '..') : __dirname;

function load<T>(file: string): T {
  const definition = protoLoader.loadSync(path.join(PROTO_ROOT, file), LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as T;
}

export const loadWalletProto = (): WalletProto => load<WalletProto>('wallet/v1/wallet.proto');
export const loadQueueProto = (): QueueProto => load<QueueProto>('queue/v1/queue.proto');
export const loadConcertProto = (): ConcertProto => load<ConcertProto>('concert/v1/concert.proto');
export const loadPaymentProto = (): PaymentProto => load<PaymentProto>('payment/v1/payment.proto');

