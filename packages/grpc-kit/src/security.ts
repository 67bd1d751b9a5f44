import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';

/**
 * How the services of one deployment trust each other's gRPC calls. Each service's main.ts sets it
 * once from its config, before it creates clients or servers:
 * - `sharedSecret`: every call carries it in metadata and every server refuses a call without it
 *   (health checks excepted: they reveal nothing and come from orchestrators). Production requires it.
 * - `tls`: mutual TLS — channels and servers use the CA and this service's certificate; a server
 *   refuses a client that shows no certificate signed by that CA.
 * Nothing set (development, tests): plaintext and no check.
 */
export interface GrpcSecurity {
  sharedSecret?: string;
  tls?: { caFile: string; certFile: string; keyFile: string };
}

export const CREDENTIAL_METADATA = 'x-service-credential';

let security: GrpcSecurity = {};

export function useGrpcSecurity(next: GrpcSecurity): void {
  security = next;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function channelCredentials(): grpc.ChannelCredentials {
  const { tls } = security;
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(readFileSync(tls.caFile), readFileSync(tls.keyFile), readFileSync(tls.certFile));
}

export function serverCredentials(): grpc.ServerCredentials {
  const { tls } = security;
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    readFileSync(tls.caFile),
    [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
    true,
  );
}

/** Puts this service's credential on an outgoing call. */
export function attachCredential(metadata: grpc.Metadata): void {
  if (security.sharedSecret !== undefined) metadata.set(CREDENTIAL_METADATA, security.sharedSecret);
}

/**
 * For a server starting now: whether an incoming call carries the deployment's credential (compared
 * in constant time). Taken at start, so a server keeps the setting it was started with.
 */
export function credentialCheck(): (metadata: grpc.Metadata) => boolean {
  if (security.sharedSecret === undefined) return () => true;
  const expected = digest(security.sharedSecret);
  return (metadata) => {
    const presented = metadata.get(CREDENTIAL_METADATA)[0];
    return typeof presented === 'string' && timingSafeEqual(digest(presented), expected);
  };
}
