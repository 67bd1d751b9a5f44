import { z } from 'zod';
import { productionSecretProblem } from './secret-strength';

/**
 * How a service's gRPC calls are trusted (spread into a service's config schema; `grpcSecurityOf`
 * gives what grpc-kit's useGrpcSecurity takes). Production requires the shared credential; mutual TLS
 * is on when all three PEM files are named.
 */
export const grpcSecurityFields = {
  /** Every call between services carries it; every server refuses a call without it. */
  GRPC_SHARED_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  GRPC_TLS_CA_FILE: z.string().min(1).optional(),
  GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
};

interface GrpcSecurityConfig {
  NODE_ENV?: string;
  GRPC_SHARED_SECRET?: string;
  GRPC_TLS_CA_FILE?: string;
  GRPC_TLS_CERT_FILE?: string;
  GRPC_TLS_KEY_FILE?: string;
}

/** For a schema's superRefine: production needs a strong shared credential; TLS files come as a set. */
export function checkGrpcSecurity(c: GrpcSecurityConfig, ctx: z.RefinementCtx): void {
  if (c.NODE_ENV === 'production') {
    const problem = c.GRPC_SHARED_SECRET === undefined ? 'must be set in production' : productionSecretProblem(c.GRPC_SHARED_SECRET);
    if (problem) ctx.addIssue({ code: 'custom', path: ['GRPC_SHARED_SECRET'], message: problem });
  }
  const files = [c.GRPC_TLS_CA_FILE, c.GRPC_TLS_CERT_FILE, c.GRPC_TLS_KEY_FILE].filter((f) => f !== undefined);
  if (files.length !== 0 && files.length !== 3) {
    ctx.addIssue({ code: 'custom', path: ['GRPC_TLS_CA_FILE'], message: 'GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together' });
  }
}

export function grpcSecurityOf(c: GrpcSecurityConfig): { sharedSecret?: string; tls?: { caFile: string; certFile: string; keyFile: string } } {
  const tls =
    c.GRPC_TLS_CA_FILE && c.GRPC_TLS_CERT_FILE && c.GRPC_TLS_KEY_FILE
      ? { caFile: c.GRPC_TLS_CA_FILE, certFile: c.GRPC_TLS_CERT_FILE, keyFile: c.GRPC_TLS_KEY_FILE }
      : undefined;
  return { ...(c.GRPC_SHARED_SECRET !== undefined ? { sharedSecret: c.GRPC_SHARED_SECRET } : {}), ...(tls ? { tls } : {}) };
}
