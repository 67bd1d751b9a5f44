import { estimateWaitSeconds, pollAfterSeconds, type QueuePolicy } from './queue-policy';

const policy: QueuePolicy = {
  maxActive: 100,
  activeTtlMs: 600_000,
  abandonAfterMs: 120_000,
  rateWindowMs: 300_000,
  pollBudgetPerSecond: 200,
  minPollSeconds: 1,
  maxWaitMs: 43_200_000,
  tokenGraceMs: 1_800_000,
};

describe('pollAfterSeconds', () => {
  it.each([1, 10, 1_000, 100_000, 1_000_000])('keeps a line of %i fans within the poll budget', (n) => {
    let pollsPerSecond = 0;
    for (let p = 1; p <= n; p++) pollsPerSecond += 1 / pollAfterSeconds(p, n, policy);
    expect(pollsPerSecond).toBeLessThanOrEqual(policy.pollBudgetPerSecond);
  });

  it('lets the head poll every minPoll seconds and grows with the place', () => {
    expect(pollAfterSeconds(1, 100_000, policy)).toBe(1);
    expect(pollAfterSeconds(1_000, 100_000, policy)).toBeLessThan(pollAfterSeconds(10_000, 100_000, policy));
    expect(pollAfterSeconds(100_000, 100_000, policy)).toBe(Math.ceil((100_000 * (1 + Math.log(100_000))) / 200));
  });
});

describe('estimateWaitSeconds', () => {
  it('uses the measured admission rate', () => {
    // 30 admissions in 300 s = 0.1 per second.
    expect(estimateWaitSeconds(10, 30, policy)).toBe(100);
  });

  it('falls back to one turnover of every slot per activeTtl when nothing was measured', () => {
    expect(estimateWaitSeconds(100, 0, policy)).toBe(600);
  });

  it('is zero at the front', () => {
    expect(estimateWaitSeconds(0, 0, policy)).toBe(0);
  });
});
