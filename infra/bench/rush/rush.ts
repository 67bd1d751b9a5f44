/**
 * The rush itself: every fan an independent client with its own keep-alive connection (from its own
 * loopback address unless CLIENT_ADDRESSES=single), all joining within the same second (ARRIVAL_S).
 */
import { Client } from 'undici';
import { runFan, type FanAccount, type FanResult } from './fan';
import { Http } from './http';
import type { Recorder } from './stats';
import type { Settings } from './settings';
import { StopSignal } from './stop-signal';

export interface RushTimeline {
  startedAt: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  soldOutAt: number | null;
  endedAt: number;
  purchases: number;
  timedOut: boolean;
}

/** 127.<1+i/65536>.<i/256%256>.<i%256>, all on the loopback interface. */
const addressOf = (i: number): string => `127.${1 + Math.floor(i / 65_536)}.${Math.floor(i / 256) % 256}.${i % 256}`;

export async function runRush(
  s: Settings,
  concertCode: string,
  fans: FanAccount[],
  recorder: Recorder,
  onSoldOut: () => void,
  /** Each purchase a fan saw, with the count so far (the fault suite times its faults by it). */
  onPurchase: (purchases: number) => void = () => undefined,
): Promise<{ results: FanResult[]; timeline: RushTimeline }> {
  const stop = new StopSignal();
  const timeline: RushTimeline = {
    startedAt: performance.now(),
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    soldOutAt: null,
    endedAt: 0,
    purchases: 0,
    timedOut: false,
  };
  const ctx = {
    concertCode,
    stop,
    noSeatLooks: s.noSeatLooks,
    onPurchase: () => {
      const now = performance.now();
      timeline.purchases++;
      timeline.firstPurchaseAt ??= now;
      timeline.lastPurchaseAt = now;
      onPurchase(timeline.purchases);
      if (timeline.purchases === s.seats && timeline.soldOutAt === null) {
        timeline.soldOutAt = now;
        onSoldOut();
      }
    },
  };
  const deadline = setTimeout(() => {
    timeline.timedOut = true;
    stop.stop();
  }, s.rushTimeoutMs);
  let finished = 0;
  const progress = setInterval(() => {
    const t = ((performance.now() - timeline.startedAt) / 1000).toFixed(0);
    process.stdout.write(`  t=${t}s  fans done ${finished}/${fans.length}  purchases ${timeline.purchases}/${s.seats}\n`);
  }, 10_000);

  const results = await Promise.all(
    fans.map(async (fan, i) => {
      const client = new Client(s.gatewayOrigin, {
        keepAliveTimeout: 120_000,
        connectTimeout: s.requestTimeoutMs,
        headersTimeout: 0,
        bodyTimeout: 0,
        ...(s.spreadAddresses ? { connect: { localAddress: addressOf(i) } } : {}),
      });
      try {
        await stop.sleep(Math.random() * s.arrivalWindowMs); // everyone within the same second, unless told otherwise
        return await runFan(new Http(client, recorder, stop, s.requestTimeoutMs), fan, ctx);
      } finally {
        finished++;
        client.destroy().catch(() => undefined);
      }
    }),
  );
  clearTimeout(deadline);
  clearInterval(progress);
  timeline.endedAt = performance.now();
  return { results, timeline };
}
