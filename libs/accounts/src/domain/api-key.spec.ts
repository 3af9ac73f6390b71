import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key';

describe('API keys', () => {
  it('are a public prefix and a 256-bit secret, stored only as its hash', () => {
    const made = generateApiKey();
    expect(made.key).toMatch(/^oek_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(made.key)!;
    expect(parsed.prefix).toBe(made.prefix);
    expect(made.secretHash).toBe(hashSecret(parsed.secret));
    expect(made.key).not.toContain(made.secretHash);
  });

  it('never repeat', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it('match their own hash only', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(secretMatches(parseApiKey(a.key)!.secret, a.secretHash)).toBe(true);
    expect(secretMatches(parseApiKey(a.key)!.secret, b.secretHash)).toBe(false);
    expect(secretMatches('x', 'not-hex')).toBe(false);
  });

  it('refuse anything that is not a whole key', () => {
    const { key } = generateApiKey();
    for (const text of ['', key.slice(0, -1), `${key}x`, key.replace('oek_', 'sk_'), key.toUpperCase(), `${key}\n`, 'x'.repeat(10_000)]) {
      expect(parseApiKey(text)).toBeUndefined();
    }
  });
});
