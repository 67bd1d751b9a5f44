import { opened, charged } from '../domain/ledger';
import { BoundedMap } from './bounded-map';
import { LedgerHeads } from './ledger-heads';
import { singleFlight } from './single-flight';

describe('BoundedMap', () => {
  it('drops the oldest inserted entry past its capacity', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // rewritten: now the youngest
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([3, undefined, 4, 2]);
  });
});

describe('LedgerHeads', () => {
  const now = new Date();
  const v0 = opened('u1', 'open:u1', now);
  const v1 = charged(v0, 10, 'c1', now);

  it('answers a balance only while the head is fresh, and writers with any known head', () => {
    let clock = 0;
    const heads = new LedgerHeads(10, 100, () => clock);
    heads.remember(v1, heads.stamp());
    clock = 100;
    expect(heads.fresh('u1')).toBe(v1);
    clock = 101;
    expect(heads.fresh('u1')).toBeUndefined();
    expect(heads.known('u1')).toBe(v1);
    heads.forget('u1');
    expect(heads.known('u1')).toBeUndefined();
  });

  it('never lets a slower read roll a newer head back', () => {
    const heads = new LedgerHeads(10, 100, () => 0);
    heads.remember(v1, 0);
    heads.remember(v0, 5);
    expect(heads.known('u1')).toBe(v1);
  });
});

describe('singleFlight', () => {
  it('shares one call among concurrent callers of a key, and calls again once it settled', async () => {
    const shared = singleFlight<number>();
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return calls;
    };
    expect(await Promise.all([shared('k', load), shared('k', load), shared('k', load)])).toEqual([1, 1, 1]);
    expect(await shared('k', load)).toBe(2);
  });
});
