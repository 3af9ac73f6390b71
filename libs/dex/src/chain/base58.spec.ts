import fc from 'fast-check';
import { encodeBase58 } from './base58';

/** The definition, digit by digit on one BigInt: slow, obviously right. */
function reference(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let digits = '';
  for (; value > 0n; value /= 58n) digits = alphabet[Number(value % 58n)] + digits;
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return '1'.repeat(zeros) + digits;
}

describe('encodeBase58', () => {
  it('matches known vectors', () => {
    expect(encodeBase58(Buffer.from('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
    expect(encodeBase58(Buffer.from([0, 0, 1]))).toBe('112');
    expect(encodeBase58(new Uint8Array(0))).toBe('');
    // the System Program id is 32 zero bytes
    expect(encodeBase58(new Uint8Array(32))).toBe('1'.repeat(32));
  });

  it('encodes the wSOL mint bytes back to its address', () => {
    const hex = '069b8857feab8184fb687f634618c035dac439dc1aeb3b5598a0f00000000001';
    expect(encodeBase58(Buffer.from(hex, 'hex'))).toBe('So11111111111111111111111111111111111111112');
  });

  it('agrees with the BigInt definition on any bytes, leading zeros and 64-byte signatures included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(6), (tail, zeros) => {
        const bytes = Uint8Array.from([...new Array<number>(zeros).fill(0), ...tail]);
        expect(encodeBase58(bytes)).toBe(reference(bytes));
      }),
      { numRuns: 2000 },
    );
    const signature = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256);
    expect(encodeBase58(signature)).toBe(reference(signature));
    expect(encodeBase58(new Uint8Array(64).fill(255))).toBe(reference(new Uint8Array(64).fill(255)));
  });
});
