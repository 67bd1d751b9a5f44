import { keyedSerializer } from './keyed-serializer';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('keyedSerializer', () => {
  it('runs tasks of one key one at a time, in order, and of different keys side by side', async () => {
    const serialize = keyedSerializer();
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick();
      order.push(i);
      running--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => serialize('a', task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order).toEqual(results);
    expect(maxRunning).toBe(1);

    maxRunning = 0;
    await Promise.all([serialize('a', task(0)), serialize('b', task(1))]);
    expect(maxRunning).toBe(2);
  });

  it('keeps going after a failed task', async () => {
    const serialize = keyedSerializer();
    const failed = serialize('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(serialize('a', async () => 'next')).resolves.toBe('next');
  });
});
