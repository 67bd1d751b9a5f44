import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { currentCorrelation, withCorrelation } from './correlation';

/** A logger whose lines are kept, parsed, instead of written to stdout. */
function capturedLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  // pino writes synchronously to a plain stream's write(), so lines are there right after a call.
  return { logger: createLogger('test-service', level, destination), lines };
}

describe('createLogger', () => {
  it('writes one JSON line with the service, the level label, an ISO time and the message', () => {
    const { logger, lines } = capturedLogger();
    const before = Date.now();
    logger.info({ seat: 'A1' }, 'seat held');

    expect(lines).toHaveLength(1);
    const line = lines[0] ?? {};
    expect(line).toMatchObject({ service: 'test-service', level: 'info', msg: 'seat held', seat: 'A1' });
    expect(typeof line.time).toBe('string');
    expect(line.time).toBe(new Date(line.time as string).toISOString());
    expect(Date.parse(line.time as string)).toBeGreaterThanOrEqual(before - 1_000);
    expect(line).not.toHaveProperty('requestId');
    expect(line).not.toHaveProperty('sagaId');
  });

  it('labels each level and drops lines below the configured one', () => {
    const { logger, lines } = capturedLogger('warn');
    logger.info('dropped');
    logger.warn('kept warn');
    logger.error('kept error');

    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'kept warn'],
      ['error', 'kept error'],
    ]);
  });

  it('adds requestId and sagaId to every line inside withCorrelation, also after an await', async () => {
    const { logger, lines } = capturedLogger();
    await withCorrelation({ requestId: 'req-1', sagaId: 'saga-1' }, async () => {
      logger.info('sync');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('after await');
    });

    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'req-1', sagaId: 'saga-1' });
  });

  it('merges nested correlations: the inner one adds or overrides ids, the outer ones come back after', () => {
    const { logger, lines } = capturedLogger();
    withCorrelation({ requestId: 'req-1' }, () => {
      withCorrelation({ sagaId: 'saga-1' }, () => logger.info('merged'));
      withCorrelation({ requestId: 'req-2' }, () => logger.info('overridden'));
      logger.info('outer again');
    });

    expect(lines.map(({ msg, requestId, sagaId }) => ({ msg, requestId, sagaId }))).toEqual([
      { msg: 'merged', requestId: 'req-1', sagaId: 'saga-1' },
      { msg: 'overridden', requestId: 'req-2', sagaId: undefined },
      { msg: 'outer again', requestId: 'req-1', sagaId: undefined },
    ]);
  });

  it('never adds empty or missing ids, nor lets them erase an outer id', () => {
    const { logger, lines } = capturedLogger();
    withCorrelation({ requestId: '', sagaId: '' }, () => logger.info('empty'));
    withCorrelation({ requestId: 'req-1' }, () => withCorrelation({ requestId: '', sagaId: undefined }, () => logger.info('inner empty')));

    expect(lines[0]).not.toHaveProperty('requestId');
    expect(lines[0]).not.toHaveProperty('sagaId');
    expect(lines[1]).toMatchObject({ requestId: 'req-1' });
    expect(lines[1]).not.toHaveProperty('sagaId');
  });

  it('leaks nothing outside the callback, also when it throws', async () => {
    const { logger, lines } = capturedLogger();
    withCorrelation({ requestId: 'req-1', sagaId: 'saga-1' }, () => logger.info('inside'));
    expect(() =>
      withCorrelation({ requestId: 'req-2' }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    await expect(withCorrelation({ requestId: 'req-3' }, async () => Promise.reject(new Error('async boom')))).rejects.toThrow('async boom');
    logger.info('outside');

    expect(currentCorrelation()).toEqual({});
    expect(lines[1]).toMatchObject({ msg: 'outside' });
    expect(lines[1]).not.toHaveProperty('requestId');
    expect(lines[1]).not.toHaveProperty('sagaId');
  });

  it('keeps concurrent correlations apart', async () => {
    const { logger, lines } = capturedLogger();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withCorrelation({ requestId: `req-${i}` }, async () => {
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
          logger.info({ i }, 'done');
        }),
      ),
    );

    expect(lines).toHaveLength(20);
    for (const line of lines) expect(line.requestId).toBe(`req-${line.i as number}`);
  });
});
