import { Counter, Histogram, type Registry } from '@concert/metrics';
import type { SagaEvent, SagaStore } from '../application/payment.ports';

/**
 * The steps that close a payment (its status leaves PENDING and its step becomes DONE). Each is
 * stored exactly once per saga (a unique insert), so counting them where they are stored counts each
 * saga once across every replica. Steps after the close (refunds) are not closes.
 */
const CLOSING_STEPS = new Set(['SEAT_CONFIRM_REJECTED', 'SEAT_RELEASED', 'SEAT_RELEASE_REJECTED', 'TOKEN_EXPIRED', 'PAYMENT_COMPLETED']);

/** A failure reason is a contract error code; anything else would be an unbounded label value. */
const reasonLabel = (reason: string | null): string => (reason && /^[A-Z][A-Z0-9_]{0,47}$/.test(reason) ? reason : 'OTHER');

/** Step names and outcomes are the saga's own constants; anything else would be an unbounded label value. */
const stepLabel = (name: string): string => (/^[A-Z][A-Z0-9_]{0,47}$/.test(name) ? name : 'OTHER');

/**
 * Sagas started, completed and failed (by reason), how long a payment took from start to close, and
 * every stored step by name and outcome (RETRY: a command sent again because its deadline passed
 * unanswered — a participant that does not answer shows here first).
 */
export function sagaMetrics(registry: Registry) {
  const started = new Counter({ name: 'saga_started_total', help: 'Payment sagas started.', registers: [registry] });
  const completed = new Counter({ name: 'saga_completed_total', help: 'Payment sagas completed (seat sold, wallet debited, token expired).', registers: [registry] });
  const failed = new Counter({
    name: 'saga_failed_total',
    help: 'Payment sagas failed (compensated), by reason (a contract error code).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'saga_duration_seconds',
    help: 'Time from a payment saga start to its close, by outcome (completed, failed).',
    labelNames: ['outcome'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  for (const outcome of ['completed', 'failed']) duration.zero({ outcome });
  const steps = new Counter({
    name: 'saga_steps_total',
    help: 'Saga steps stored, by step name (PAYMENT_STARTED, DEBIT_RESENT …) and outcome (OK, REJECTED, RETRY …).',
    labelNames: ['step', 'outcome'] as const,
    registers: [registry],
  });

  const record = (event: SagaEvent) => {
    const { state } = event;
    if (event.version === 1) started.inc();
    steps.inc({ step: stepLabel(event.name), outcome: stepLabel(event.outcome) });
    if (!CLOSING_STEPS.has(event.name) || state.status === 'PENDING') return;
    const seconds = Math.max(0, (event.at.getTime() - state.startedAt.getTime()) / 1000);
    if (state.status === 'COMPLETED') completed.inc();
    else failed.inc({ reason: reasonLabel(state.reason) });
    duration.observe({ outcome: state.status === 'COMPLETED' ? 'completed' : 'failed' }, seconds);
  };

  /** The store, each stored step counted on the way through (a lost insert counts nothing). */
  const observing = (store: SagaStore): SagaStore => {
    const append = async (event: SagaEvent) => {
      await store.append(event);
      record(event);
    };
    return new Proxy(store, {
      get: (target, property, receiver) => (property === 'append' ? append : Reflect.get(target, property, receiver)),
    });
  };
  return { observing };
}
