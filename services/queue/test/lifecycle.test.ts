import { bootQueue, codeOf, eventually, newConcert, newPrefix, redisFor, sleep, userIds, type QueueHandle } from './queue-harness';

describe('queue lifecycle with short settings', () => {
  const prefix = newPrefix();
  let store: Awaited<ReturnType<typeof redisFor>>;
  beforeAll(async () => {
    store = await redisFor(prefix);
  });
  afterAll(() => store.cleanup());

  describe('activeTtl 1 s, admission loop every 100 ms', () => {
    let queue: QueueHandle;
    beforeAll(async () => {
      queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1', QUEUE_ACTIVE_TTL_MS: '1000', QUEUE_ADMIT_INTERVAL_MS: '100' });
    });
    afterAll(() => queue.stop());

    it('expires an ACTIVE token after activeTtl and the loop refills the slot within a second', async () => {
      const concert = newConcert();
      const [a, b] = userIds(2) as [string, string];
      const first = await queue.issue(concert, a);
      const second = await queue.issue(concert, b);
      const activeUntil = Date.parse(first.status!.activeUntil);
      expect(activeUntil - Date.now()).toBeGreaterThan(800);
      expect(activeUntil - Date.now()).toBeLessThanOrEqual(1000);

      // Nobody polls: only the admission loop can move the second fan up (validation never writes).
      await eventually(async () => (await queue.validate(concert, second.token)).status === 'ACTIVE', 3_000);
      const lag = Date.now() - activeUntil;
      expect(lag).toBeLessThan(1_000);
      expect(await codeOf(queue.validate(concert, first.token))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(queue.status(concert, first.token))).toBe('TOKEN_EXPIRED');
      // An expired fan who asks again gets a new token at the back.
      const again = await queue.issue(concert, a);
      expect(again.created).toBe(true);
      expect(again.status).toMatchObject({ status: 'WAITING', position: 1 });
    });

    it('frees the slot of a fan who leaves and gives it to the next fan at once', async () => {
      const concert = newConcert();
      const [a, b] = userIds(2) as [string, string];
      const first = await queue.issue(concert, a);
      const second = await queue.issue(concert, b);
      await queue.leave(concert, first.token);
      const waited = await eventually(async () => (await queue.validate(concert, second.token)).status === 'ACTIVE', 1_000);
      expect(waited).toBeLessThan(1_000);
    });
  });

  describe('abandonAfter 1 s', () => {
    let queue: QueueHandle;
    beforeAll(async () => {
      queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1', QUEUE_ABANDON_AFTER_MS: '1000', QUEUE_ADMIT_INTERVAL_MS: '100' });
    });
    afterAll(() => queue.stop());

    it('drops a WAITING fan who stops polling; those behind move up; pollers keep their place', async () => {
      const concert = newConcert();
      const [head, b, silent, d] = userIds(4) as [string, string, string, string];
      await queue.issue(concert, head);
      const pollerB = await queue.issue(concert, b);
      const quiet = await queue.issue(concert, silent);
      const pollerD = await queue.issue(concert, d);
      expect([pollerB, quiet, pollerD].map((r) => r.status!.position)).toEqual([1, 2, 3]);
      // Deadline = max(abandonAfter, 2 × pollAfter) = 2 s for these short lines.
      expect(quiet.status!.pollAfterSeconds).toBe(1);

      const started = Date.now();
      while (Date.now() - started < 3_000) {
        await Promise.all([queue.status(concert, pollerB.token), queue.status(concert, pollerD.token)]);
        await sleep(300);
      }

      expect(await codeOf(queue.validate(concert, quiet.token))).toBe('TOKEN_EXPIRED');
      expect(await queue.status(concert, pollerB.token)).toMatchObject({ status: 'WAITING', position: 1 });
      expect(await queue.status(concert, pollerD.token)).toMatchObject({ status: 'WAITING', position: 2 });
      const back = await queue.issue(concert, silent);
      expect(back).toMatchObject({ created: true, status: { position: 3 } });
    });
  });

  describe('estimated wait', () => {
    let queue: QueueHandle;
    beforeAll(async () => {
      queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1', QUEUE_RATE_WINDOW_MS: '60000' });
    });
    afterAll(() => queue.stop());

    it('follows the measured admission rate', async () => {
      const concert = newConcert();
      const issued = [];
      for (const user of userIds(5)) issued.push(await queue.issue(concert, user));
      // One admission in a 60 s window: one place per 60 s.
      const last = issued[4]!;
      expect(await queue.status(concert, last.token)).toMatchObject({ position: 4, estimatedWaitSeconds: 240 });
      for (const done of issued.slice(0, 3)) await queue.expire(concert, done.status!.tokenId);
      // Four admissions in the window: 15 s per place.
      expect(await queue.status(concert, last.token)).toMatchObject({ position: 1, estimatedWaitSeconds: 15 });
    });
  });
});
