import { isRowLevelError } from './postgres-errors';

describe('isRowLevelError', () => {
  const withCode = (code: unknown) => Object.assign(new Error('x'), { code });

  it('accepts data and constraint errors: the statement was refused, nothing committed', () => {
    expect(isRowLevelError(withCode('23505'))).toBe(true); // unique violation
    expect(isRowLevelError(withCode('22003'))).toBe(true); // numeric out of range
  });

  it('refuses anything that may have committed or says nothing of a row', () => {
    expect(isRowLevelError(withCode(undefined))).toBe(false); // a lost connection
    expect(isRowLevelError(withCode('57P01'))).toBe(false); // backend terminated
    expect(isRowLevelError(withCode('ECONNRESET'))).toBe(false);
  });
});
