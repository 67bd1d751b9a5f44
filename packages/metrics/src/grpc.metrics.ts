import { Counter, Histogram, type Registry } from 'prom-client';

/** A finished call as grpc-kit's server observer reports it. */
export interface GrpcCallOutcome {
  service: string;
  method: string;
  code: string;
  seconds: number;
}

/**
 * Server-side calls per method, named as go-grpc-prometheus names them (dashboards for those work):
 * rate from the counter, errors from `grpc_code != "OK"`, duration from the histogram.
 */
export function grpcServerMetrics(registry: Registry): (outcome: GrpcCallOutcome) => void {
  const handled = new Counter({
    name: 'grpc_server_handled_total',
    help: 'gRPC calls completed on the server, by service, method and status code.',
    labelNames: ['grpc_service', 'grpc_method', 'grpc_code'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'grpc_server_handling_seconds',
    help: 'Time the server took to answer a gRPC call, by service and method.',
    labelNames: ['grpc_service', 'grpc_method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (outcome) => {
    handled.inc({ grpc_service: outcome.service, grpc_method: outcome.method, grpc_code: outcome.code });
    seconds.observe({ grpc_service: outcome.service, grpc_method: outcome.method }, outcome.seconds);
  };
}
