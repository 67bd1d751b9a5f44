import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import pino from 'pino';
import { currentCorrelation, type Logger } from '@concert/logger';
import { startGrpcServer } from '@concert/grpc-kit';
import { isolatedMongoUrl, serverUrl } from '@concert/testing';
import { start as startWallet, type WalletHandle } from '@concert/wallet-service';
import { readConfig } from '../src/config';
import { start as startGateway, type GatewayHandle } from '../src/main';

/** JSON log lines kept in memory, with the correlation ids every service logger adds. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'info', mixin: () => ({ ...currentCorrelation() }) }, stream);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

export interface WalletUnderTest {
  handle: WalletHandle;
  address: string;
  logLines: () => Record<string, unknown>[];
  /** Stops the service (if still running) and drops its database. */
  dispose(): Promise<void>;
}

/** The real wallet service in-process on port 0, on a database of its own. */
export async function bootWallet(): Promise<WalletUnderTest> {
  const mongoUrl = await isolatedMongoUrl('gateway_wallet');
  const { logger, lines } = memoryLogger();
  const handle = await startWallet({ GRPC_PORT: 0, MONGO_URL: mongoUrl, AMQP_URL: 'amqp://unused:5672', LOG_LEVEL: 'info' }, { logger });
  return {
    handle,
    address: `127.0.0.1:${handle.grpcPort}`,
    logLines: lines,
    async dispose() {
      await handle.stop();
      const db = await mongoose.createConnection(mongoUrl).asPromise();
      await db.dropDatabase();
      await db.close();
    },
  };
}

export interface GatewayUnderTest {
  handle: GatewayHandle;
  url: string;
  logLines: () => Record<string, unknown>[];
}

/** The real gateway in-process on port 0; unset variables take the defaults of its config schema. */
export async function bootGateway(env: Record<string, string>): Promise<GatewayUnderTest> {
  const { logger, lines } = memoryLogger();
  const redisUrl = await serverUrl('redis');
  const handle = await startGateway(readConfig({ PORT: '0', LOG_LEVEL: 'info', REDIS_URL: redisUrl, ...env }), { logger });
  return { handle, url: `http://127.0.0.1:${handle.port}`, logLines: lines };
}

/** A gRPC server that only answers grpc.health.v1 with SERVING: a stand-in dependency for readiness. */
export async function bootHealthOnly(): Promise<{ address: string; stop(): Promise<void> }> {
  const server = await startGrpcServer('127.0.0.1:0', [], 100);
  return { address: `127.0.0.1:${server.port}`, stop: () => server.stop() };
}
