import { StreamHeads } from './stream-heads';

describe('StreamHeads', () => {
  it('keeps the newest version of each stream, never rolling back to an older one', () => {
    const heads = new StreamHeads<{ version: number }>(10);
    heads.remember('a', { version: 2 });
    heads.remember('a', { version: 1 });
    expect(heads.get('a')).toEqual({ version: 2 });
    heads.remember('a', { version: 3 });
    expect(heads.get('a')).toEqual({ version: 3 });
    heads.forget('a');
    expect(heads.get('a')).toBeUndefined();
  });

  it('holds at most capacity streams, dropping the one remembered longest ago', () => {
    const heads = new StreamHeads<{ version: number }>(2);
    heads.remember('a', { version: 1 });
    heads.remember('b', { version: 1 });
    heads.remember('a', { version: 2 }); // a is now the youngest
    heads.remember('c', { version: 1 });
    expect([heads.get('a'), heads.get('b'), heads.get('c')]).toEqual([{ version: 2 }, undefined, { version: 1 }]);
    expect(heads.size).toBe(2);
  });
});
