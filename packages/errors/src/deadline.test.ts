import { withDeadline } from './deadline';

describe('withDeadline', () => {
  it('answers what the work answers in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 50, 'x')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('boom')), 50, 'x')).rejects.toThrow('boom');
  });

  it('gives up with a retryable SERVICE_UNAVAILABLE when the work never answers', async () => {
    const started = Date.now();
    await expect(withDeadline(new Promise(() => undefined), 60, 'redis poll')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      kind: 'unavailable',
      message: 'redis poll: no answer within 60 ms',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
