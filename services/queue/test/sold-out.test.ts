import { bootFakeConcert } from './fake-concert';
import { bootQueue, codeOf, eventually, newConcert, newPrefix, redisFor, sleep, userIds, type QueueHandle } from './queue-harness';

// Sold out is news: once the concert service says every seat is sold, the queue admits nobody, each
// poll answers SOLD_OUT once and ends the token, and joins are refused — all from Redis alone. Only
// the concert's answer is faked; the queue's store is the real Redis.
describe('a sold-out concert', () => {
  const prefix = newPrefix();
  let concerts: Awaited<ReturnType<typeof bootFakeConcert>>;
  let queue: QueueHandle;
  let store: Awaited<ReturnType<typeof redisFor>>;
  const flagOf = (concert: string) => store.redis.exists(`${prefix}:{${concert}}:soldout`);

  beforeAll(async () => {
    concerts = await bootFakeConcert();
    queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1', QUEUE_ADMIT_INTERVAL_MS: '50', CONCERT_GRPC_ADDR: concerts.address });
    store = await redisFor(prefix);
  });
  afterAll(async () => {
    await queue.stop();
    await concerts.stop();
    await store.cleanup();
  });

  /** One ACTIVE fan and `waiting` WAITING fans, then the concert sells out and the queue learns it. */
  async function soldOutWith(waiting: number) {
    const concert = newConcert();
    const [first, ...rest] = await Promise.all(userIds(1 + waiting).map(async (user, i) => {
      await sleep(i * 5); // arrival order = index
      return queue.issue(concert, user);
    }));
    expect(first!.status!.status).toBe('ACTIVE');
    concerts.soldOut.add(concert);
    await eventually(async () => (await flagOf(concert)) === 1, 3_000);
    return { concert, active: first!, waiting: rest };
  }

  it('answers each poll of a WAITING or ACTIVE token SOLD_OUT once, then the token is over', async () => {
    const { concert, active, waiting } = await soldOutWith(2);
    const soldOut = { status: 'SOLD_OUT', position: 0, estimatedWaitSeconds: 0, pollAfterSeconds: 0, activeUntil: '' };
    // Validation of other routes changes nothing: the token is still what it was until its fan polls.
    await expect(queue.validate(concert, waiting[0]!.token)).resolves.toMatchObject({ status: 'WAITING' });

    for (const fan of [active, ...waiting]) {
      await expect(queue.status(concert, fan.token)).resolves.toMatchObject(soldOut);
      expect(await codeOf(queue.status(concert, fan.token))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(queue.validate(concert, fan.token))).toBe('TOKEN_EXPIRED');
    }
    expect(await store.redis.zCard(`${prefix}:{${concert}}:waiting`)).toBe(0);
    expect(await store.activeCount(concert)).toBe(0);
  });

  it('refuses joins with SOLD_OUT and makes no token, also for a fan already in line', async () => {
    const { concert, waiting } = await soldOutWith(1);
    expect(await codeOf(queue.issue(concert, userIds(1)[0]!))).toBe('SOLD_OUT');
    expect(await codeOf(queue.issue(concert, waiting[0]!.status!.userId))).toBe('SOLD_OUT');
    expect(await codeOf(queue.status(concert, waiting[0]!.token))).toBe('TOKEN_EXPIRED');
    expect(await store.redis.zCard(`${prefix}:{${concert}}:waiting`)).toBe(0);
  });

  it('admits nobody while sold out, and resumes admission when a seat is for sale again', async () => {
    const { concert, active, waiting } = await soldOutWith(1);
    await queue.leave(concert, active.token); // a free slot: without the flag the next fan would be ACTIVE at once
    await sleep(300); // several admission ticks
    await expect(queue.validate(concert, waiting[0]!.token)).resolves.toMatchObject({ status: 'WAITING' });
    expect(await store.activeCount(concert)).toBe(0);

    // A payment failed and its seat was released: the concert is no longer sold out.
    concerts.soldOut.delete(concert);
    await eventually(async () => (await queue.validate(concert, waiting[0]!.token)).status === 'ACTIVE', 3_000);
    expect(await flagOf(concert)).toBe(0);
    const late = await queue.issue(concert, userIds(1)[0]!);
    expect(late).toMatchObject({ created: true, status: { status: 'WAITING', position: 1 } });
  });

  it('asks the concert service about once a second per concert, however many fans poll', async () => {
    const { concert, waiting } = await soldOutWith(40);
    const callsBefore = concerts.state.calls;
    const started = Date.now();
    const answers = await Promise.all(waiting.map((fan) => queue.status(concert, fan.token)));
    expect(answers.every((a) => a.status === 'SOLD_OUT')).toBe(true);
    const seconds = (Date.now() - started) / 1_000;
    expect(concerts.state.calls - callsBefore).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  });

  it('keeps the last known flag while the concert service does not answer', async () => {
    const { concert, waiting } = await soldOutWith(1);
    concerts.state.failing = true;
    try {
      const ttlBefore = await store.redis.pTTL(`${prefix}:{${concert}}:soldout`);
      await sleep(1_500);
      // Still flagged, and its lifetime extended by the failed check rather than left to run out.
      expect(await store.redis.pTTL(`${prefix}:{${concert}}:soldout`)).toBeGreaterThan(ttlBefore - 500);
      await expect(queue.status(concert, waiting[0]!.token)).resolves.toMatchObject({ status: 'SOLD_OUT' });
    } finally {
      concerts.state.failing = false;
    }
  });
});
