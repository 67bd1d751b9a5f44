#!/usr/bin/env node
// Container health check: exits 0 when the gRPC service at the given address reports SERVING.
// Usage: node health-probe.js <host:port>. Under mutual TLS it uses the service's own GRPC_TLS_* files.
import { isServing } from './health-check';
import { useGrpcSecurity } from './security';

const { GRPC_TLS_CA_FILE: caFile, GRPC_TLS_CERT_FILE: certFile, GRPC_TLS_KEY_FILE: keyFile } = process.env;
if (caFile && certFile && keyFile) useGrpcSecurity({ tls: { caFile, certFile, keyFile } });

const address = process.argv[2] ?? '127.0.0.1:50051';
isServing(address, 2_000).then((ok) => process.exit(ok ? 0 : 1));
