/**
 * The measured requests: a real HTTP client (one undici Pool, keep-alive, CONCURRENCY in flight) through
 * the gateway. Every request is timed; no retries (a 429/5xx/timeout is counted under its status).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { percentile } from '../rush/stats';
import { forEachLimited } from '../rush/setup';
import { readCommandCounts, diffCounts, totalOf, type CommandCounts } from '../rush/store-counters';
import { benchUserKey, type ScaleConcert } from './seed';

export const ROUTES = ['4-1 balance', '1-1 join', '3-1 hold', '5 payment'] as const;
export type MeasuredRoute = (typeof ROUTES)[number];
export type Temperature = 'cold' | 'warm';

export interface RouteFigures {
  route: MeasuredRoute;
  temperature: Temperature;
  repetition: number;
  latencies: number[];
  statuses: Record<string, number>;
  commands: CommandCounts | null;
}

export const summarize = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class Client {
  private readonly pool: Pool;
  constructor(
    origin: string,
    private readonly concurrency: number,
    private readonly metricsUrl: string,
  ) {
    this.pool = new Pool(origin, { connections: concurrency, keepAliveTimeout: 60_000, pipelining: 1 });
  }

  close = () => this.pool.close();

  async request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply & { ms: number }> {
    const started = performance.now();
    try {
      const response = await this.pool.request({
        method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.body.text();
      const ms = performance.now() - started;
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: response.statusCode, body: parsed, ms };
    } catch (error) {
      return { status: 0, body: { code: (error as Error).name }, ms: performance.now() - started };
    }
  }

  /** Runs `one` for every item, CONCURRENCY at a time; times each and counts FerretDB's commands over the whole phase. */
  async phase<T>(
    route: MeasuredRoute,
    temperature: Temperature,
    repetition: number,
    items: T[],
    one: (item: T) => Promise<Reply & { ms: number }>,
  ): Promise<RouteFigures> {
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const before = await readCommandCounts(this.metricsUrl);
    await forEachLimited(items, this.concurrency, async (item) => {
      const reply = await one(item);
      latencies.push(reply.ms);
      const label = `${reply.status}${reply.status >= 300 || reply.status === 0 ? ` ${reply.body?.code ?? ''}` : reply.body?.status ? ` ${reply.body.status}` : ''}`.trim();
      statuses[label] = (statuses[label] ?? 0) + 1;
    });
    const after = await readCommandCounts(this.metricsUrl);
    return { route, temperature, repetition, latencies, statuses, commands: diffCounts(after, before) };
  }
}

export interface Fan {
  userId: string;
  token?: string;
}

/**
 * One pass: balance reads of `readers`, joins of `joiners` into `concert`, then the first BUYERS
 * joiners (once ACTIVE) are charged (set-up, not measured), hold one seat each (a seat of their own,
 * no contention) and pay with an Idempotency-Key.
 */
export async function runPass(
  client: Client,
  temperature: Temperature,
  repetition: number,
  readers: string[],
  joiners: string[],
  concert: ScaleConcert,
  buyers: number,
  say: (line: string) => void,
): Promise<RouteFigures[]> {
  const figures: RouteFigures[] = [];
  const base = `/api/v1/concerts/${encodeURIComponent(concert.concertCode)}`;
  const expectBalance = new Map<string, number>();

  figures.push(await client.phase('4-1 balance', temperature, repetition, readers, async (userId) => {
    const reply = await client.request('GET', `/api/v1/users/${userId}/balance`, undefined, { 'x-user-key': benchUserKey(userId) });
    if (reply.status === 200) expectBalance.set(userId, reply.body.balance);
    return reply;
  }));
  const off = readers.filter((u) => expectBalance.has(u) && expectBalance.get(u) !== 90 && temperature === 'cold').length;
  if (off > 0) say(`  WARNING: ${off} seeded users answered a balance other than 90`);

  const fans: Fan[] = joiners.map((userId) => ({ userId }));
  figures.push(await client.phase('1-1 join', temperature, repetition, fans, async (fan) => {
    const reply = await client.request('POST', `${base}/token`, { UUID: fan.userId }, { 'x-user-key': benchUserKey(fan.userId) });
    if (reply.status === 200 || reply.status === 201) fan.token = reply.body.token;
    return reply;
  }));

  // Set-up for the buyers (not measured): ACTIVE, and charged enough for the dearest seat.
  const buying = fans.filter((f) => f.token).slice(0, buyers);
  const dearest = Math.max(...concert.prices);
  await forEachLimited(buying, 10, async (fan) => {
    for (let i = 0; i < 120; i++) {
      const poll = await client.request('GET', `${base}/token`, undefined, { authorization: `Bearer ${fan.token}` });
      if (poll.status === 200 && poll.body.status === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    let charged = await client.request('PATCH', `/api/v1/users/${fan.userId}/balance`, { amount: dearest }, { 'idempotency-key': `scale-charge-${fan.userId}-${repetition}`, 'x-user-key': benchUserKey(fan.userId) });
    // A repeat keeps the Idempotency-Key: a charge that landed behind a 503 is not applied twice.
    for (let i = 0; i < 5 && charged.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      charged = await client.request('PATCH', `/api/v1/users/${fan.userId}/balance`, { amount: dearest }, { 'idempotency-key': `scale-charge-${fan.userId}-${repetition}`, 'x-user-key': benchUserKey(fan.userId) });
    }
    if (charged.status !== 200) say(`  WARNING: charge of ${fan.userId} answered ${charged.status} ${charged.body?.code ?? ''}`);
  });

  const seats = buying.map((fan, i) => ({ fan, concertDate: concert.concertDates[Math.floor(i / 50) % concert.concertDates.length]!, seatNumber: (i % 50) + 1 }));
  const holders: Fan[] = [];
  figures.push(await client.phase('3-1 hold', temperature, repetition, seats, async ({ fan, concertDate, seatNumber }) => {
    const reply = await client.request('PATCH', base, { UUID: fan.userId, concertDate, seatNumber }, { authorization: `Bearer ${fan.token}` });
    if (reply.status === 200) holders.push(fan);
    return reply;
  }));

  figures.push(await client.phase('5 payment', temperature, repetition, holders, (fan) =>
    client.request('POST', '/api/v1/payments', { UUID: fan.userId }, { authorization: `Bearer ${fan.token}`, 'idempotency-key': randomUUID() }),
  ));
  return figures;
}

export const commandsPerRequest = (f: RouteFigures): number | null => {
  const total = totalOf(f.commands);
  return total === null || f.latencies.length === 0 ? null : total / f.latencies.length;
};
