type Falsy = undefined | null | false;

/**
 * Asks `probe` every `intervalMs` until it gives a truthy value, and returns that value; throws
 * naming `what` once `timeoutMs` has passed. For tests that wait on work done elsewhere (a broker,
 * another process) instead of sleeping a fixed time.
 */
export async function eventually<T>(
  probe: () => T | Falsy | Promise<T | Falsy>,
  { timeoutMs = 20_000, intervalMs = 25, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
