import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key: `oek_<prefix>_<secret>`. The prefix (12 hex characters, 48 random bits) is public and
 * finds the key's row; the secret (256 random bits, base64url) is shown once, when the key is
 * made, and stored only as its SHA-256. A fast hash is right here: the secret is random and long,
 * so there is nothing to guess from the hash, unlike a password.
 */
const KEY = /^oek_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** The whole key, to give to its holder once. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `oek_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** The prefix and secret of a well-formed key; undefined for anything else (cheap: one regex). */
export function parseApiKey(text: string): { prefix: string; secret: string } | undefined {
  if (text.length > 64) return undefined;
  const match = KEY.exec(text);
  return match ? { prefix: match[1], secret: match[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares in constant time, so the response time says nothing about how much of it matched. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
