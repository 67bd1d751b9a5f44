export { adaptHandlers, startGrpcServer, type AsyncHandlers, type CallContext, type CallObserver, type CallOutcome, type GrpcServerHandle } from './server';
export { callUnary, createClient, fromServiceError, type CallOptions } from './client';
export { isServing } from './health-check';
export { METADATA, statusOfKind, kindOfStatus } from './status-mapping';
export { useGrpcSecurity, type GrpcSecurity } from './security';
