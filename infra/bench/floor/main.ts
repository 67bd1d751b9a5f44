/**
 * `pnpm bench:floor` — the latency floor of a rush's arrival on this machine: FLOOR_FANS fans (each its
 * own undici Client and loopback address, all within one second, as in `pnpm bench:rush`) send one
 * join to a gateway that does no work (null-gateway.ts). The p99 printed is what no real gateway can beat
 * here with this client; issue 8's target for the join is 1 s.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Client } from 'undici';
import { percentile } from '../rush/stats';

const fanCounts = (process.env.FLOOR_FANS ?? '1500,5000,10000').split(',').map(Number);
const workers = Number(process.env.GATEWAY_WORKERS ?? 2);
const port = Number(process.env.FLOOR_PORT ?? 18099);
const addressOf = (i: number): string => `127.${1 + Math.floor(i / 65_536)}.${Math.floor(i / 256) % 256}.${i % 256}`;

async function arrive(fans: number): Promise<{ latencies: number[]; failed: number; wallMs: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: fans }, async (_, i) => {
      const client = new Client(`http://127.0.0.1:${port}`, { connect: { localAddress: addressOf(i) }, headersTimeout: 0, bodyTimeout: 0 });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
      const sent = performance.now();
      try {
        const response = await client.request({
          method: 'POST',
          path: '/api/v1/concerts/NEWJEANS-2026/token',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ UUID: '00000000-0000-4000-8000-000000000000' }),
        });
        await response.body.text();
        latencies.push(performance.now() - sent);
      } catch {
        failed++;
      } finally {
        await client.close().catch(() => undefined);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), failed, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const server = fork(require.resolve('./null-gateway'), [], {
    env: { ...process.env, PORT: String(port), WORKERS: String(workers) },
    execArgv: ['--import', 'tsx'],
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the workers fork and listen
    console.log(`null gateway: ${workers} worker(s) on :${port}; target for the rush's join p99: 1000 ms`);
    for (const fans of fanCounts) {
      const { latencies, failed, wallMs } = await arrive(fans);
      const ms = (p: number) => (percentile(latencies, p) ?? NaN).toFixed(0);
      console.log(`${String(fans).padStart(6)} fans: join p50 ${ms(50)} ms  p99 ${ms(99)} ms  max ${ms(100)} ms  failed ${failed}  wall ${wallMs.toFixed(0)} ms`);
    }
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
