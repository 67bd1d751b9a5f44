import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorKind } from '@concert/errors';

const KIND_TO_STATUS: Record<ErrorKind, GrpcStatus> = {
  invalid_argument: GrpcStatus.INVALID_ARGUMENT,
  not_found: GrpcStatus.NOT_FOUND,
  already_exists: GrpcStatus.ALREADY_EXISTS,
  failed_precondition: GrpcStatus.FAILED_PRECONDITION,
  permission_denied: GrpcStatus.PERMISSION_DENIED,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
  resource_exhausted: GrpcStatus.RESOURCE_EXHAUSTED,
  aborted: GrpcStatus.ABORTED,
  unavailable: GrpcStatus.UNAVAILABLE,
  internal: GrpcStatus.INTERNAL,
};

export const statusOfKind = (kind: ErrorKind): GrpcStatus => KIND_TO_STATUS[kind];

export function kindOfStatus(code: GrpcStatus): ErrorKind {
  const entry = Object.entries(KIND_TO_STATUS).find(([, status]) => status === code);
  return (entry?.[0] as ErrorKind | undefined) ?? 'internal';
}

/** Metadata keys that carry a domain error's code and the correlation ids across gRPC. */
export const METADATA = {
  errorCode: 'x-error-code',
  requestId: 'x-request-id',
  sagaId: 'x-saga-id',
} as const;
