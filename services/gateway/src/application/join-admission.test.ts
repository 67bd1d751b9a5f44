import { JoinAdmission } from './join-admission';

describe('JoinAdmission', () => {
  it('admits up to maxInFlight at once and frees a slot on leave (once, however often leave is called)', () => {
    const gate = new JoinAdmission(2, () => 0, () => 0.5);
    const a = gate.tryEnter();
    const b = gate.tryEnter();
    expect([a.admitted, b.admitted]).toEqual([true, true]);
    expect(gate.tryEnter().admitted).toBe(false);
    if (a.admitted) {
      a.leave();
      a.leave();
    }
    expect(gate.tryEnter().admitted).toBe(true);
    expect(gate.tryEnter().admitted).toBe(false);
  });

  it('tells the turned-away fans to come back later the more of them are waiting, within 1..60 s', () => {
    let now = 0;
    const gate = new JoinAdmission(10, () => now, () => 0.5);
    for (let i = 0; i < 10; i++) gate.tryEnter();
    const waits: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const verdict = gate.tryEnter();
      if (!verdict.admitted) waits.push(verdict.retryAfterSeconds);
    }
    expect(waits).toHaveLength(2_000);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...waits)).toBe(60);
    expect(waits[100]!).toBeLessThan(waits[1_000]!);
    // Long after the burst, the remembered demand has faded: a fan turned away waits about a second.
    now += 120_000;
    const later = gate.tryEnter();
    expect(later.admitted ? 0 : later.retryAfterSeconds).toBeLessThanOrEqual(2);
  });
});
