import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { knownError } from '@concert/errors';
import { withCorrelation, type Logger } from '@concert/logger';
import { credentialCheck, serverCredentials } from './security';
import { METADATA, statusOfKind } from './status-mapping';

/** What a handler may know of its call besides the request. */
export interface CallContext {
  /**
   * When the caller stops waiting (epoch ms; Infinity when it set no deadline): work queued past it
   * is dropped instead of run for nobody.
   */
  deadline: number;
}

type AsyncUnary<Req, Res> = (request: Req, call: CallContext) => Promise<Res>;

/**
 * Handlers written as plain async functions; one per RPC of a service. The generated handler types
 * extend grpc's UntypedServiceImplementation, whose string index signature is dropped here (it would
 * otherwise map every key to `never`).
 */
export type AsyncHandlers<Service> = {
  [K in keyof Service as string extends K ? never : K]: Service[K] extends grpc.handleUnaryCall<infer Req, infer Res>
    ? AsyncUnary<Req, Res>
    : never;
};

/**
 * Adapts async handlers to grpc-js: the correlation ids of the caller's metadata wrap the call (so
 * logs carry them), a DomainError becomes its status with the code in trailing metadata, and
 * anything else is INTERNAL, logged with its stack and never described to the caller.
 */
export function adaptHandlers<Service>(handlers: AsyncHandlers<Service>, logger: Logger): grpc.UntypedServiceImplementation {
  const adapted: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(handlers) as [string, AsyncUnary<unknown, unknown>][]) {
    adapted[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const requestId = String(call.metadata.get(METADATA.requestId)[0] ?? '');
      const sagaId = String(call.metadata.get(METADATA.sagaId)[0] ?? '');
      withCorrelation({ requestId, sagaId }, () => {
        handler(call.request, { deadline: deadlineOf(call) }).then(
          (response) => callback(null, response),
          (error: unknown) => callback(toServiceError(error, name, logger)),
        );
      });
    };
  }
  return adapted;
}

function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown>): number {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) && ms > 0 ? ms : Infinity;
}

function toServiceError(error: unknown, rpc: string, logger: Logger): Partial<grpc.ServiceError> {
  const metadata = new grpc.Metadata();
  const known = knownError(error);
  if (known) {
    // A store that did not answer is the caller's to retry; the driver's error stays in this log.
    if (known !== error) logger.warn({ err: error, rpc }, 'rpc failed: a store did not answer');
    metadata.set(METADATA.errorCode, known.code);
    return { code: statusOfKind(known.kind), details: known.message, metadata };
  }
  logger.error({ err: error, rpc }, 'rpc failed unexpectedly');
  metadata.set(METADATA.errorCode, 'INTERNAL');
  return { code: grpc.status.INTERNAL, details: 'internal error', metadata };
}

/** One finished call, for metrics: the status code's name (`OK`, `NOT_FOUND` …) and its duration. */
export interface CallOutcome {
  service: string;
  method: string;
  code: string;
  seconds: number;
}

export type CallObserver = (outcome: CallOutcome) => void;

/** Wraps every unary handler of a service so that `observe` sees each call's status and duration. */
function observed(service: string, implementation: grpc.UntypedServiceImplementation, observe: CallObserver): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    wrapped[method] = ((call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const started = process.hrtime.bigint();
      (handler as grpc.handleUnaryCall<unknown, unknown>)(call, (error, ...rest) => {
        const code = grpc.status[error?.code ?? grpc.status.OK] ?? 'UNKNOWN';
        observe({ service, method, code, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
        callback(error, ...rest);
      });
    }) as grpc.handleUnaryCall<unknown, unknown>;
  }
  return wrapped;
}

/** Refuses, UNAUTHENTICATED, every call of a service that lacks the deployment's credential. */
function guarded(implementation: grpc.UntypedServiceImplementation, carriesCredential: (metadata: grpc.Metadata) => boolean): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    wrapped[method] = ((call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      if (carriesCredential(call.metadata)) return (handler as grpc.handleUnaryCall<unknown, unknown>)(call, callback);
      const metadata = new grpc.Metadata();
      metadata.set(METADATA.errorCode, 'SERVICE_CREDENTIAL_INVALID');
      callback({ code: grpc.status.UNAUTHENTICATED, details: 'missing or wrong service credential', metadata });
    }) as grpc.handleUnaryCall<unknown, unknown>;
  }
  return wrapped;
}

export interface GrpcServerHandle {
  port: number;
  health: HealthImplementation;
  stop(): Promise<void>;
}

/**
 * Binds a server with the given services plus grpc.health.v1 (SERVING for "" and every service name).
 * stop() reports NOT_SERVING, lets in-flight calls finish for up to `graceMs`, then forces.
 * `observe` (metrics) sees every finished call of the given services, not of the health service.
 */
export async function startGrpcServer(
  address: string,
  services: { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation; name: string }[],
  graceMs = 10_000,
  observe?: CallObserver,
): Promise<GrpcServerHandle> {
  // Channelz stays on here: grpc-js 1.14 tracks the sessions its forceShutdown() cuts only through it.
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1 << 20 });
  const statusMap: Record<string, 'SERVING'> = { '': 'SERVING' };
  const carriesCredential = credentialCheck();
  for (const s of services) {
    const implementation = guarded(s.implementation, carriesCredential);
    server.addService(s.definition, observe ? observed(s.name, implementation, observe) : implementation);
    statusMap[s.name] = 'SERVING';
  }
  const health = new HealthImplementation(statusMap);
  health.addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, serverCredentials(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );

  const stop = async () => {
    for (const name of Object.keys(statusMap)) health.setStatus(name, 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, graceMs);
      force.unref();
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  };
  return { port, health, stop };
}
