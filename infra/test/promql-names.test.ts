import { exportedNames, metricNamesOf } from './promql-names';

describe('metric names of PromQL and of exposition text', () => {
  it('finds the selected metrics, not functions, label names, label values, durations or numbers', () => {
    expect(metricNamesOf('histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{code=~"5..",route="/a/:b"}[1m])))')).toEqual([
      'http_request_duration_seconds_bucket',
    ]);
    expect(
      metricNamesOf('sum(rate(saga_failed_total[10m])) / (sum(rate(saga_failed_total[10m])) + sum(rate(saga_completed_total[10m]))) > 0.25').sort(),
    ).toEqual(['saga_completed_total', 'saga_failed_total']);
    expect(metricNamesOf('max by (concert) (queue_waiting) > 0 and on (concert) max by (concert) (queue_admission_rate) == 0').sort()).toEqual([
      'queue_admission_rate',
      'queue_waiting',
    ]);
    expect(metricNamesOf('time() - max(queue_admission_tick_timestamp_seconds) > 1e-9 unless up == bool 0')).toEqual(['queue_admission_tick_timestamp_seconds', 'up']);
  });

  it('reads families from TYPE lines, with a histogram’s series names', () => {
    const text = ['# HELP a_total A.', '# TYPE a_total counter', 'a_total 1', '# TYPE h_seconds histogram', '# TYPE g gauge', ''].join('\n');
    expect(exportedNames(text)).toEqual(['a_total', 'h_seconds', 'h_seconds_bucket', 'h_seconds_sum', 'h_seconds_count', 'g']);
  });
});
