import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLogger } from '@concert/logger';
import { loadWalletProto } from '@concert/protos';
import { adaptHandlers, callUnary, createClient, isServing, startGrpcServer, useGrpcSecurity } from '../src';

// The deployment's service credential and mutual TLS, over real gRPC connections on loopback.

const service = loadWalletProto().wallet.v1.WalletService;
const handlers = { GetUser: async (request: { userId: string }) => ({ userId: request.userId, createdAt: '2024-01-02T03:04:05.000Z' }) };

async function serve() {
  const implementation = adaptHandlers(handlers as never, createLogger('grpc-kit-test', 'silent'));
  const server = await startGrpcServer('127.0.0.1:0', [{ definition: service.service, implementation, name: 'wallet.v1.WalletService' }], 100);
  return { server, address: `127.0.0.1:${server.port}` };
}

async function getUser(address: string) {
  const client = createClient(service, address);
  try {
    return await callUnary(client, client.getUser, { userId: 'u1' }, { timeoutMs: 2_000 });
  } finally {
    client.close();
  }
}

afterEach(() => useGrpcSecurity({}));

describe('shared service credential', () => {
  it('serves a caller with the credential and refuses one without it or with another, UNAUTHENTICATED', async () => {
    useGrpcSecurity({ sharedSecret: 'the-deployment-secret-0123456789abcdef' });
    const { server, address } = await serve();
    try {
      await expect(getUser(address)).resolves.toMatchObject({ userId: 'u1' });
      useGrpcSecurity({});
      await expect(getUser(address)).rejects.toMatchObject({ code: 'SERVICE_CREDENTIAL_INVALID', kind: 'unauthenticated' });
      useGrpcSecurity({ sharedSecret: 'another-secret-0123456789abcdef0123' });
      await expect(getUser(address)).rejects.toMatchObject({ code: 'SERVICE_CREDENTIAL_INVALID' });
      // Health checks stay open: orchestrators probe without the credential.
      expect(await isServing(address)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('mutual TLS', () => {
  let dir: string;
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'grpc-mtls-'));
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
    for (const name of ['server', 'client', 'stranger']) {
      openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', `${name}.key`, '-out', `${name}.csr`);
      // The stranger's certificate is self-signed: not from the deployment's CA.
      if (name === 'stranger') openssl('x509', '-req', '-in', `${name}.csr`, '-signkey', `${name}.key`, '-days', '1', '-copy_extensions', 'copy', '-out', `${name}.pem`);
      else openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-copy_extensions', 'copy', '-out', `${name}.pem`);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsOf = (name: string) => ({ caFile: path.join(dir, 'ca.pem'), certFile: path.join(dir, `${name}.pem`), keyFile: path.join(dir, `${name}.key`) });

  it('serves a client with a certificate of the CA; refuses plaintext and a certificate from elsewhere', async () => {
    useGrpcSecurity({ tls: tlsOf('server') });
    const { server, address } = await serve();
    try {
      useGrpcSecurity({ tls: tlsOf('client') });
      await expect(getUser(address)).resolves.toMatchObject({ userId: 'u1' });
      expect(await isServing(address)).toBe(true);
      useGrpcSecurity({});
      await expect(getUser(address)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      useGrpcSecurity({ tls: { ...tlsOf('stranger'), caFile: path.join(dir, 'ca.pem') } });
      await expect(getUser(address)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await server.stop();
    }
  });
});
