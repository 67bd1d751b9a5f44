import { SAGA_MESSAGES as M } from '@concert/amqp-kit';
import { createMetricsRegistry } from '@concert/metrics';
import type { SagaEvent, SagaStore } from '../application/payment.ports';
import { commandIdOf, sagaIdOfReservation } from '../domain/saga-state';
import { applyReply, onDeadline, startSaga, tokenExpired, type SagaDecision, type SagaReply } from '../domain/saga-transitions';
import { sagaMetrics } from './saga.metrics';

// Sagas run through the real transitions, each step stored through the observed store: the metrics
// must count each saga once at its close, whatever steps follow the close (refunds, resends).
const T = 60_000;
const t0 = new Date('2026-01-01T00:00:00Z');

function sagaRun(reservationId: string) {
  const sagaId = sagaIdOfReservation(reservationId);
  const decisions: SagaDecision[] = [];
  let state = startSaga(
    { sagaId, userId: 'u', concertCode: 'IU', reservationId, tokenId: 'tk', amount: 100, concertDate: 'd', seatNumber: 1, requestId: 'req', requestKey: null },
    t0,
    T,
  ).state;
  decisions.push({ name: 'PAYMENT_STARTED', service: 'payment', outcome: 'OK', detail: '', state, command: null });
  const reply = (type: string, step: Parameters<typeof commandIdOf>[1], extra: Partial<SagaReply> = {}): SagaReply => ({
    type,
    commandId: commandIdOf(sagaId, step),
    reason: '',
    balance: null,
    ...extra,
  });
  const run = {
    reply(type: string, step: Parameters<typeof commandIdOf>[1], msAfterStart: number, extra: Partial<SagaReply> = {}) {
      return run.push(applyReply(state, reply(type, step, extra), new Date(t0.getTime() + msAfterStart), T));
    },
    deadline(msAfterStart: number) {
      return run.push(onDeadline(state, new Date(t0.getTime() + msAfterStart), T));
    },
    tokenExpired() {
      return run.push(tokenExpired(state));
    },
    push(decision: SagaDecision | null) {
      if (!decision) throw new Error('the transition decided nothing');
      decisions.push(decision);
      state = decision.state;
      return run;
    },
    events: (msAfterStartOfEach: number[]): SagaEvent[] =>
      decisions.map((d, i) => ({ ...d, sagaId, version: i + 1, at: new Date(t0.getTime() + (msAfterStartOfEach[i] ?? 0)), causationId: null, command: null })),
  };
  return run;
}

const samples = async (registry: ReturnType<typeof createMetricsRegistry>, name: string) =>
  (await registry.getSingleMetric(name)!.get()).values.map((v) => ({ labels: v.labels, value: v.value, metric: (v as { metricName?: string }).metricName ?? name }));

describe('saga metrics', () => {
  it('counts starts, completions, failures by reason and durations once per saga, at its close; every step by name and outcome', async () => {
    const registry = createMetricsRegistry('payment');
    const stored: SagaEvent[] = [];
    const store = sagaMetrics(registry).observing({ append: async (e: SagaEvent) => void stored.push(e) } as unknown as SagaStore);

    const completed = sagaRun('r-ok').reply(M.seatConfirmed, 'confirm-seat', 100).reply(M.walletDebited, 'debit', 200, { balance: 900 }).tokenExpired();
    const rejected = sagaRun('r-taken').reply(M.seatConfirmRejected, 'confirm-seat', 50, { reason: 'SEAT_HOLD_EXPIRED' });
    const broke = sagaRun('r-broke')
      .reply(M.seatConfirmed, 'confirm-seat', 100)
      .reply(M.walletDebitRejected, 'debit', 200, { reason: 'INSUFFICIENT_BALANCE' })
      .reply(M.seatReleased, 'release-seat', 300);
    // The debit was refused, the seat released (the close); then a debit landed after all and was
    // refunded: steps after the close.
    const late = sagaRun('r-late')
      .reply(M.seatConfirmed, 'confirm-seat', 100)
      .reply(M.walletDebitRejected, 'debit', T + 300, { reason: 'INSUFFICIENT_BALANCE' })
      .reply(M.seatReleased, 'release-seat', T + 400)
      .reply(M.walletDebited, 'debit', T + 500, { balance: 900 })
      .reply(M.walletRefunded, 'refund', T + 600);
    const odd = sagaRun('r-odd').reply(M.seatConfirmRejected, 'confirm-seat', 50, { reason: 'seat 7 of user 1234 is gone' });
    // Still open: its debit went unanswered past the deadline (what the saga does then is its rules' business).
    const open = sagaRun('r-open').reply(M.seatConfirmed, 'confirm-seat', 100).deadline(T + 200);

    for (const event of [
      ...completed.events([0, 100, 200, 2_500]),
      ...rejected.events([0, 50]),
      ...broke.events([0, 100, 200, 300]),
      ...late.events([0, 100, T + 300, T + 400, T + 500, T + 600]),
      ...odd.events([0, 50]),
      ...open.events([0, 100, T + 200]),
    ]) {
      await store.append(event);
    }

    expect(stored).toHaveLength(21);
    expect(await samples(registry, 'saga_started_total')).toEqual([expect.objectContaining({ value: 6 })]);
    expect(await samples(registry, 'saga_completed_total')).toEqual([expect.objectContaining({ value: 1 })]);
    const failed = Object.fromEntries((await samples(registry, 'saga_failed_total')).map((s) => [s.labels.reason, s.value]));
    expect(failed).toEqual({ SEAT_HOLD_EXPIRED: 1, INSUFFICIENT_BALANCE: 2, OTHER: 1 });
    const steps = Object.fromEntries((await samples(registry, 'saga_steps_total')).map((s) => [`${s.labels.step} ${s.labels.outcome}`, s.value]));
    const expected: Record<string, number> = {};
    for (const e of stored) expected[`${e.name} ${e.outcome}`] = (expected[`${e.name} ${e.outcome}`] ?? 0) + 1;
    expect(steps).toEqual(expected);
    expect(steps).toMatchObject({ 'PAYMENT_STARTED OK': 6, 'SEAT_CONFIRMED OK': 4, 'TOKEN_EXPIRED OK': 1, 'WALLET_REFUNDED OK': 1 });
    const durations = (await samples(registry, 'saga_duration_seconds')).filter((s) => s.metric.endsWith('_count') || s.metric.endsWith('_sum'));
    const of = (outcome: string, suffix: string) => durations.find((s) => s.labels.outcome === outcome && s.metric.endsWith(suffix))?.value;
    expect(of('completed', '_count')).toBe(1);
    expect(of('completed', '_sum')).toBeCloseTo(2.5);
    expect(of('failed', '_count')).toBe(4);
    expect(of('failed', '_sum')).toBeCloseTo(0.05 + 0.3 + (T + 400) / 1000 + 0.05);
  });

  it('counts nothing for an insert that lost its race', async () => {
    const registry = createMetricsRegistry('payment');
    const store = sagaMetrics(registry).observing({
      append: async () => {
        throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      },
    } as unknown as SagaStore);
    await expect(store.append(sagaRun('r-race').events([0])[0]!)).rejects.toThrow('E11000');
    expect(await samples(registry, 'saga_started_total')).toEqual([expect.objectContaining({ value: 0 })]);
  });
});
