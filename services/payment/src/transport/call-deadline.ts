import { AsyncLocalStorage } from 'node:async_hooks';
import type * as grpc from '@grpc/grpc-js';

const deadlines = new AsyncLocalStorage<number>();

/**
 * `adaptHandlers` (@concert/grpc-kit) hands a handler only the request, not the call, so the caller's
 * gRPC deadline is out of its reach. This wraps the adapted implementation: each call runs inside its
 * own deadline, which the handler reads with `callDeadline()` (the adapter invokes the handler
 * synchronously, so the async context carries through). The clean fix belongs in grpc-kit: pass
 * `{ deadline }` as the handler's second argument.
 */
export function withCallDeadlines(implementation: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    const unary = handler as grpc.handleUnaryCall<unknown, unknown>;
    wrapped[name] = ((call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
      deadlines.run(epochMsOf(call.getDeadline()), () => unary(call, callback))) as grpc.handleUnaryCall<unknown, unknown>;
  }
  return wrapped;
}

/** The current call's deadline (epoch ms); Infinity when the caller set none. */
export const callDeadline = (): number => deadlines.getStore() ?? Infinity;

function epochMsOf(deadline: grpc.Deadline): number {
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) && ms > 0 ? ms : Infinity;
}
