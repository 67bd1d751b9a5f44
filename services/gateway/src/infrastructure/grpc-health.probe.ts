import { isServing } from '@concert/grpc-kit';
import type { ReadinessProbe } from '../application/readiness.port';

/** Ready when the service at `address` answers grpc.health.v1 with SERVING. */
export const grpcHealthProbe = (name: string, address: string, timeoutMs = 1_000): ReadinessProbe => ({
  name,
  isReady: () => isServing(address, timeoutMs),
});
