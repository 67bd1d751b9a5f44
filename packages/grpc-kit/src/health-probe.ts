#!/usr/bin/env node
// Container health check: exits 0 when the gRPC service at the given address reports SERVING.
// Usage: node health-probe.js <host:port>
import { isServing } from './health-check';

const address = process.argv[2] ?? '127.0.0.1:50051';
isServing(address, 2_000).then((ok) => process.exit(ok ? 0 : 1));
