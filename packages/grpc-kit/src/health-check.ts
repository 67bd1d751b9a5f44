import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';
import { channelCredentials } from './security';

interface HealthClient extends grpc.Client {
  check(req: { service: string }, md: grpc.Metadata, opts: grpc.CallOptions, cb: grpc.requestCallback<{ status: string }>): void;
}

let HealthCtor: (new (address: string, credentials: grpc.ChannelCredentials) => HealthClient) | undefined;

function healthClientCtor() {
  if (!HealthCtor) {
    const definition = grpc.loadPackageDefinition(loadSync(protoPath, { enums: String })) as unknown as {
      grpc: { health: { v1: { Health: typeof HealthCtor } } };
    };
    HealthCtor = definition.grpc.health.v1.Health;
  }
  return HealthCtor!;
}

/** Asks a service's grpc.health.v1 endpoint whether it is SERVING. Never throws. */
export async function isServing(address: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new (healthClientCtor())(address, channelCredentials());
  try {
    return await new Promise<boolean>((resolve) => {
      client.check({ service: '' }, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) =>
        resolve(!err && res?.status === 'SERVING'),
      );
    });
  } finally {
    client.close();
  }
}
