import * as grpc from '@grpc/grpc-js';
import { DomainError } from '@concert/errors';
import { currentCorrelation } from '@concert/logger';
import { attachCredential, channelCredentials } from './security';
import { METADATA, kindOfStatus } from './status-mapping';

/** The last overload of a generated client method: enough to infer request and response types. */
type UnaryMethod<Req, Res> = (request: Req, callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

export interface CallOptions {
  /** Deadline of this call; every call has one (a positive, finite number of milliseconds). */
  timeoutMs: number;
}

/**
 * Calls one unary RPC as a promise, with a deadline and the current requestId/sagaId in metadata.
 * A remote DomainError comes back as a DomainError with the same code; an unreachable or too slow
 * service becomes SERVICE_UNAVAILABLE.
 */
export function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: CallOptions,
): Promise<Res> {
  // NaN, 0 or Infinity would give grpc-js an invalid date, i.e. a call that may wait forever.
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    return Promise.reject(new TypeError(`callUnary needs a positive finite timeoutMs, got ${options.timeoutMs}`));
  }
  const metadata = new grpc.Metadata();
  const { requestId, sagaId } = currentCorrelation();
  if (requestId) metadata.set(METADATA.requestId, requestId);
  if (sagaId) metadata.set(METADATA.sagaId, sagaId);
  attachCredential(metadata);
  const deadline = new Date(Date.now() + options.timeoutMs);
  const invoke = method as unknown as (
    req: Req,
    md: grpc.Metadata,
    opts: grpc.CallOptions,
    cb: grpc.requestCallback<Res>,
  ) => grpc.ClientUnaryCall;

  return new Promise<Res>((resolve, reject) => {
    invoke.call(client, request, metadata, { deadline }, (error, response) => {
      if (error) reject(fromServiceError(error));
      else resolve(response as Res);
    });
  });
}

export function fromServiceError(error: grpc.ServiceError): DomainError {
  const code = error.metadata?.get(METADATA.errorCode)[0];
  if (typeof code === 'string' && code !== 'INTERNAL') {
    return new DomainError(code, kindOfStatus(error.code), error.details);
  }
  // callUnary never cancels its own calls: CANCELLED means the server went away mid-call (forced stop).
  if (error.code === grpc.status.UNAVAILABLE || error.code === grpc.status.DEADLINE_EXCEEDED || error.code === grpc.status.CANCELLED) {
    return new DomainError('SERVICE_UNAVAILABLE', 'unavailable', error.details);
  }
  return new DomainError('INTERNAL', 'internal', error.details);
}

/** A channel to a service inside the cluster (TLS when configured); the constructor comes from @concert/protos. */
export function createClient<C extends grpc.Client>(
  ClientCtor: new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C,
  address: string,
): C {
  return new ClientCtor(address, channelCredentials(), {
    // Reconnect quickly after a service restarts instead of waiting out the default backoff.
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 2_000,
    // Channelz bookkeeping runs on every call; nothing here reads it.
    'grpc.enable_channelz': 0,
  });
}
