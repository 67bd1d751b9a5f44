import { StreamTurns, type BusyReason, type TurnLimits } from './stream-turns';

class Busy extends Error {
  constructor(readonly reason: BusyReason) {
    super(`busy: ${reason}`);
  }
}

const turns = (limits: Partial<TurnLimits> = {}) =>
  new StreamTurns({ maxWaiting: 50, maxWaitMs: 5_000, maxTurnMs: 5_000, ...limits }, (reason) => new Busy(reason));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reasonOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: unknown) => (e instanceof Busy ? e.reason : String(e)));

describe('StreamTurns', () => {
  it('runs the writers of one stream one at a time, in order, and of different streams side by side', async () => {
    const t = turns();
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(1);
      order.push(i);
      running--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.run('a', task(i))));
    expect(results).toEqual(order);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(maxRunning).toBe(1);
    maxRunning = 0;
    await Promise.all([t.run('a', task(0)), t.run('b', task(1))]);
    expect(maxRunning).toBe(2);
    expect(t.activeStreams).toBe(0);
  });

  it('keeps going after a failed writer', async () => {
    const t = turns();
    const failed = t.run('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(t.run('a', async () => 'next')).resolves.toBe('next');
  });

  it('of 500 concurrent writers of one stream, runs 1 + maxWaiting and refuses the rest at once', async () => {
    const t = turns({ maxWaiting: 50 });
    let ran = 0;
    const began = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, () =>
        reasonOf(
          t.run('hot', async () => {
            ran++;
            await sleep(2);
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(51);
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(449);
    expect(ran).toBe(51);
    expect(Date.now() - began).toBeLessThan(2_000);
  });

  it('never runs a writer whose caller stopped waiting, nor one that waited past maxWaitMs', async () => {
    const t = turns({ maxWaitMs: 300 });
    let release!: () => void;
    const first = t.run('a', () => new Promise<void>((r) => (release = r)));
    const ran: string[] = [];
    const write = (name: string, deadline?: number) =>
      reasonOf(
        t.run(
          'a',
          async () => {
            ran.push(name);
          },
          deadline,
        ),
      );
    const gone = write('gone', Date.now() + 50);
    const late = write('late');
    expect(await reasonOf(t.run('a', async () => undefined, Date.now() - 1))).toBe('deadline');
    expect(await gone).toBe('deadline');
    expect(await late).toBe('waited');
    release();
    await first;
    expect(await write('after')).toBe('ran');
    expect(ran).toEqual(['after']);
  });

  it('does not let one hung writer block its stream for longer than maxTurnMs', async () => {
    const t = turns({ maxTurnMs: 200, maxWaiting: 1_000 });
    void t.run('a', () => new Promise(() => undefined)); // never settles
    const began = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => t.run('a', async () => i)));
    expect(outcomes).toHaveLength(300);
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
    expect(Date.now() - began).toBeLessThan(2_000);
  });
});
