/**
 * Set-up, not timed as the rush: FANS users through POST /users, each charged through PATCH
 * /users/{UUID}/balance (with an Idempotency-Key, so a retried charge is applied once). Most are
 * charged the dearest seat's price; POOR_PERCENT of them half the cheapest, so their payments answer
 * 402 and the saga's compensation runs.
 */
import { Pool } from 'undici';
import type { FanAccount } from './fan';
import { Http } from './http';
import type { Recorder } from './stats';
import type { Settings } from './settings';
import { StopSignal } from './stop-signal';

export async function forEachLimited<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

export function setupHttp(s: Settings, recorder: Recorder): { http: Http; close: () => Promise<void> } {
  const pool = new Pool(s.gatewayOrigin, { connections: s.setupConcurrency, keepAliveTimeout: 60_000 });
  return { http: new Http(pool, recorder, new StopSignal(), s.requestTimeoutMs), close: () => pool.close() };
}

export async function createFans(s: Settings, http: Http, prices: number[], progress: (done: number) => void): Promise<FanAccount[]> {
  const rich = Math.max(...prices);
  const poor = Math.floor(Math.min(...prices) / 2);
  const fans: FanAccount[] = new Array(s.fans);
  let done = 0;
  await forEachLimited([...Array(s.fans).keys()], s.setupConcurrency, async (i) => {
    const created = await http.call('0 create user', 'POST', '/api/v1/users', { body: {}, retries: 5 });
    if (created.status !== 201) throw new Error(`POST /users answered ${created.status} ${created.code ?? ''}`);
    const userId: string = created.body.UUID;
    const userKey: string | undefined = typeof created.body.userKey === 'string' ? created.body.userKey : undefined;
    const isPoor = Math.floor(((i + 1) * s.poorPercent) / 100) > Math.floor((i * s.poorPercent) / 100);
    const amount = isPoor ? poor : rich;
    const charged = await http.call('4-2 charge', 'PATCH', `/api/v1/users/${userId}/balance`, {
      body: { amount },
      headers: { 'idempotency-key': `rush-charge-${userId}`, ...(userKey ? { 'x-user-key': userKey } : {}) },
      retries: 5,
    });
    if (charged.status !== 200) throw new Error(`PATCH /users/${userId}/balance answered ${charged.status} ${charged.code ?? ''}`);
    fans[i] = { userId, userKey, charged: amount };
    if (++done % 500 === 0) progress(done);
  });
  return fans;
}
