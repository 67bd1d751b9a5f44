import { bootQueue, newConcert, newPrefix, redisFor, userIds, type QueueHandle } from './queue-harness';

describe('IssueToken', () => {
  const prefix = newPrefix();
  let queue: QueueHandle;
  let store: Awaited<ReturnType<typeof redisFor>>;

  beforeAll(async () => {
    queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '5' });
    store = await redisFor(prefix);
  });
  afterAll(async () => {
    await queue.stop();
    await store.cleanup();
  });

  it('gives 1,000 concurrent distinct fans the positions 1..1000, no gap, no duplicate', async () => {
    const concert = newConcert();
    // Fill the 5 ACTIVE slots first so that nobody of the 1,000 is admitted while they arrive.
    for (const user of userIds(5)) expect((await queue.issue(concert, user)).status!.status).toBe('ACTIVE');

    const users = userIds(1000);
    const issued = await Promise.all(users.map((user) => queue.issue(concert, user)));

    expect(issued.every((r) => r.created && r.status!.status === 'WAITING')).toBe(true);
    const positions = issued.map((r) => r.status!.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(issued.map((r) => r.status!.tokenId)).size).toBe(1000);

    // Polling reports the same places: the order is arrival, fixed at issue time.
    const polled = await Promise.all(issued.map((r) => queue.status(concert, r.token)));
    expect(polled.map((s) => s.position)).toEqual(issued.map((r) => r.status!.position));
    // The poll interval grows with the place in line.
    const byPosition = [...polled].sort((a, b) => a.position - b.position);
    expect(byPosition[0]!.pollAfterSeconds).toBeLessThan(byPosition[999]!.pollAfterSeconds);
    expect(byPosition[999]!.estimatedWaitSeconds).toBeGreaterThan(byPosition[0]!.estimatedWaitSeconds);
  });

  it('gives 50 concurrent requests of one fan one token and one place', async () => {
    const concert = newConcert();
    for (const user of userIds(5)) await queue.issue(concert, user);
    const [user] = userIds(1);

    const answers = await Promise.all(Array.from({ length: 50 }, () => queue.issue(concert, user!)));

    expect(new Set(answers.map((a) => a.token)).size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.status!.position))).toEqual(new Set([1]));
    expect(await store.redis.zCard(`${prefix}:{${concert}}:waiting`)).toBe(1);
  });

  it('keeps the place of a re-issue, and a fan who left comes back at the end', async () => {
    const concert = newConcert();
    for (const user of userIds(5)) await queue.issue(concert, user);
    const [a, b, c] = userIds(3) as [string, string, string];
    const first = await queue.issue(concert, a);
    await queue.issue(concert, b);
    await queue.issue(concert, c);

    const again = await queue.issue(concert, a);
    expect(again).toMatchObject({ token: first.token, created: false });
    expect(again.status!.position).toBe(1);

    await queue.leave(concert, first.token);
    const back = await queue.issue(concert, a);
    expect(back.created).toBe(true);
    expect(back.token).not.toBe(first.token);
    expect(back.status!.position).toBe(3);
  });

  it('never has more than maxActive ACTIVE, and admits in arrival order', async () => {
    const concert = newConcert();
    const users = userIds(12);
    const issued = [];
    for (const user of users) issued.push(await queue.issue(concert, user));
    expect(issued.map((r) => r.status!.status)).toEqual([...Array(5).fill('ACTIVE'), ...Array(7).fill('WAITING')]);
    expect(await store.activeCount(concert)).toBe(5);

    // Each freed slot goes to the oldest arrival still waiting.
    const admittedOrder: number[] = [];
    for (let freed = 0; freed < 7; freed++) {
      await queue.expire(concert, issued[freed]!.status!.tokenId);
      const states = await Promise.all(issued.map((r) => queue.validate(concert, r.token, { allowExpired: true })));
      expect(states.filter((s) => s.status === 'ACTIVE')).toHaveLength(5);
      admittedOrder.push(states.findLastIndex((s) => s.status === 'ACTIVE'));
    }
    expect(admittedOrder).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('rejects a concert code that would escape its hash tag, and an empty user', async () => {
    await expect(queue.issue('IU{2026}', 'u1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(queue.issue(newConcert(), '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
