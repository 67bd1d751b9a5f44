import { bootQueue, newConcert, newPrefix, redisFor, sleep, userIds } from './queue-harness';

describe('several replicas on one Redis', () => {
  const prefix = newPrefix();
  let store: Awaited<ReturnType<typeof redisFor>>;
  beforeAll(async () => {
    store = await redisFor(prefix);
  });
  afterAll(() => store.cleanup());

  it('never has more than maxActive ACTIVE while tokens expire and fans leave through both', async () => {
    const settings = { QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '5', QUEUE_ACTIVE_TTL_MS: '300', QUEUE_ADMIT_INTERVAL_MS: '20' };
    const replicas = [await bootQueue(settings), await bootQueue(settings)];
    const concert = newConcert();
    try {
      const fans = await Promise.all(userIds(80).map((user, i) => replicas[i % 2]!.issue(concert, user)));

      let sampling = true;
      const samples: number[] = [];
      const sampler = (async () => {
        while (sampling) {
          samples.push(await store.activeCount(concert));
          await sleep(2);
        }
      })();
      // Churn: every 10 ms some fan leaves through one replica and another re-polls through the other.
      for (let round = 0; round < 150; round++) {
        const fan = fans[Math.floor(Math.random() * fans.length)]!;
        const other = fans[Math.floor(Math.random() * fans.length)]!;
        await Promise.all([
          replicas[round % 2]!.leave(concert, fan.token).catch(() => undefined),
          replicas[(round + 1) % 2]!.status(concert, other.token).catch(() => undefined),
        ]);
        await sleep(10);
      }
      sampling = false;
      await sampler;

      expect(samples.length).toBeGreaterThan(200);
      expect(Math.max(...samples)).toBe(5);
      // The churn really cycled the slots: far more admissions than slots.
      expect(await store.redis.zCard(`${prefix}:{${concert}}:admits`)).toBeGreaterThan(25);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  });

  it('keeps the queue across a restart: same token valid, same place', async () => {
    const settings = { QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1' };
    const concert = newConcert();
    const before = await bootQueue(settings);
    const issued = [];
    for (const user of userIds(3)) issued.push(await before.issue(concert, user));
    await before.stop();

    const after = await bootQueue(settings);
    try {
      await expect(after.validate(concert, issued[0]!.token, { requireActive: true })).resolves.toMatchObject({ status: 'ACTIVE' });
      await expect(after.status(concert, issued[2]!.token)).resolves.toMatchObject({ status: 'WAITING', position: 2 });
      const again = await after.issue(concert, issued[2]!.status!.userId);
      expect(again).toMatchObject({ token: issued[2]!.token, created: false, status: { position: 2 } });
    } finally {
      await after.stop();
    }
  });
});
