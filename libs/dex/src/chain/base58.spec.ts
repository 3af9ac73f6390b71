import { encodeBase58 } from './base58';

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
});
