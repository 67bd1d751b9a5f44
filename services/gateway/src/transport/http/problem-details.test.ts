import { detailOf } from './problem-details';
import { STATUS_OF_CODE, titleOf } from './problem-status';

describe('problem details', () => {
  it('every contract code has a fixed text of its own, not the generic fallback', () => {
    const missing = Object.keys(STATUS_OF_CODE).filter((code) => detailOf(code) === `${titleOf(code)}.`);
    expect(missing).toEqual([]);
    expect(detailOf('INVALID_USER_KEY')).toMatch(/X-User-Key/);
  });

  it('a code without a text of its own still gets a fixed one, derived from the code alone', () => {
    expect(detailOf('NO_DEBIT_TO_REFUND')).toBe('No debit to refund.');
  });
});
