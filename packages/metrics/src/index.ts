export { createMetricsRegistry } from './registry';
export { serveMetrics, startMetricsServer, sourceOf, type MetricsServer, type MetricsSource } from './metrics-server';
export { clusterMetricsSource, reportToPrimary } from './cluster-metrics';
export { httpMetrics } from './http.metrics';
export { grpcServerMetrics, type GrpcCallOutcome } from './grpc.metrics';
export { amqpConsumerMetrics, parkedDepthGauge } from './amqp.metrics';
export { observeStoreCommands, withCommandMonitoring, type CommandMonitoringClient } from './store.metrics';
// Services define their own domain metrics (sagas, queue lengths) with these, on their registry.
export { Counter, Gauge, Histogram, type Registry } from 'prom-client';
