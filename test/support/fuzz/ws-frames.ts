import fc from 'fast-check';
import { closePayload, frame, FrameSpec, OP } from '../raw-ws';

/**
 * Generated frame sequences a client sends on an open order stream, each with the close code the
 * engine must answer it with. A sequence is a few harmless pieces, then maybe one that breaks a
 * rule, then (if nothing broke) the client's own close. The first rule broken decides the code:
 *
 *   1002 protocol violation  1007 invalid UTF-8  1008 too many fragments  1009 too big
 *   4429 too many frames or bytes  an echo of the client's own close code
 */

export interface Piece {
  label: string;
  frames: FrameSpec[];
}

export interface FrameScript {
  pieces: Piece[];
  /** The close code the engine must send, or 'ended' when the client half-closes and the server must just end too. */
  expect: number | 'ended';
  /** Whether the expected code is the echo of the client's own close. */
  echo: boolean;
  /** Whether the client half-closes (FIN) after its frames instead of sending a close frame. */
  halfClose: boolean;
  /** Byte boundaries to split the sequence at (TCP may deliver a frame in pieces). */
  cuts: number[];
}

const MAX_PAYLOAD = 4096;
const MAX_FRAGMENTS = 64;

const bytes = (max: number, min = 0) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b));
const utf8 = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).map((s) => Buffer.from(s, 'utf8'));
const jsonText = fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')).filter((b) => b.length <= MAX_PAYLOAD);
const lengthForm = fc.constantFrom<FrameSpec['lengthForm']>('shortest', 'shortest', 'shortest', '16', '64');

/** Splits `payload` into `n` fragments (the first with `opcode`, the rest continuations, FIN on the last). */
function fragments(opcode: number, payload: Buffer, n: number): FrameSpec[] {
  const size = Math.ceil(payload.length / n) || 0;
  return Array.from({ length: n }, (_, i) => ({
    opcode: i === 0 ? opcode : OP.continuation,
    payload: payload.subarray(i * size, (i + 1) * size),
    fin: i === n - 1,
  }));
}

/** Pieces that break no rule: the engine ignores them (and answers pings). */
const harmless: fc.Arbitrary<Piece> = fc.oneof(
  fc.tuple(jsonText, lengthForm).map(([p, form]) => ({ label: 'JSON text', frames: [{ opcode: OP.text, payload: p, lengthForm: form }] })),
  utf8(200).map((p) => ({ label: 'text', frames: [{ opcode: OP.text, payload: p }] })),
  fc.tuple(bytes(MAX_PAYLOAD), lengthForm).map(([p, form]) => ({ label: 'binary', frames: [{ opcode: OP.binary, payload: p, lengthForm: form }] })),
  bytes(125).map((p) => ({ label: 'ping', frames: [{ opcode: OP.ping, payload: p }] })),
  bytes(125).map((p) => ({ label: 'unsolicited pong', frames: [{ opcode: OP.pong, payload: p }] })),
  fc
    .tuple(fc.constantFrom(OP.text, OP.binary), utf8(600), fc.integer({ min: 2, max: 8 }), bytes(20))
    .map(([opcode, p, n, ping]) => {
      // A character split across fragments is fine: UTF-8 is checked on the whole message.
      const frames = fragments(opcode, p, n);
      frames.splice(1, 0, { opcode: OP.ping, payload: ping });
      return { label: `a message in ${n} fragments with a ping between`, frames };
    }),
);

/** Pieces that break one rule, with the close code it costs. */
const breaking: fc.Arbitrary<[Piece, number]> = fc.oneof(
  fc.integer({ min: MAX_PAYLOAD + 1, max: 3 * MAX_PAYLOAD }).map((n): [Piece, number] => [{ label: `a ${n}-byte message`, frames: [{ opcode: OP.binary, payload: Buffer.alloc(n) }] }, 1009]),
  fc.constantFrom(1n << 53n, 1n << 63n, (1n << 64n) - 1n).map((n): [Piece, number] => [{ label: `a declared length of ${n}`, frames: [{ opcode: OP.binary, declaredLength: n }] }, 1009]),
  fc.integer({ min: 2, max: 6 }).map((n): [Piece, number] => [{ label: `fragments adding up to over 4 KiB`, frames: fragments(OP.text, Buffer.alloc(MAX_PAYLOAD + 1, 0x61), n) }, 1009]),
  fc
    .constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x80])
    .chain((bad) => fc.tuple(utf8(20), utf8(20)).map(([a, b]) => Buffer.concat([a, Buffer.from(bad), b])))
    .chain((payload) =>
      fc.oneof(
        fc.constant<[Piece, number]>([{ label: 'invalid UTF-8 text', frames: [{ opcode: OP.text, payload }] }, 1007]),
        fc.constant<[Piece, number]>([{ label: 'invalid UTF-8 text in fragments', frames: fragments(OP.text, payload, 2) }, 1007]),
      ),
    ),
  fc
    .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xe2, 0x82])
    .map((bad): [Piece, number] => [{ label: 'a close reason of invalid UTF-8', frames: [{ opcode: OP.close, payload: closePayload(1000, Buffer.from([0x72, ...bad])) }] }, 1007]),
  fc.constantFrom(OP.text, OP.binary, OP.ping, OP.close).map((opcode): [Piece, number] => [{ label: `an unmasked frame (opcode ${opcode})`, frames: [{ opcode, payload: opcode === OP.close ? closePayload(1000) : Buffer.from('x'), masked: false }] }, 1002]),
  fc.tuple(fc.integer({ min: 1, max: 7 }), fc.constantFrom(OP.text, OP.binary, OP.ping)).map(([rsv, opcode]): [Piece, number] => [{ label: `reserved bits ${rsv}`, frames: [{ opcode, payload: Buffer.from('x'), rsv }] }, 1002]),
  fc.constantFrom(3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf).map((opcode): [Piece, number] => [{ label: `reserved opcode ${opcode}`, frames: [{ opcode, payload: Buffer.from('x') }] }, 1002]),
  fc.tuple(fc.constantFrom(OP.ping, OP.pong, OP.close), fc.integer({ min: 126, max: 300 })).map(([opcode, n]): [Piece, number] => [{ label: `a ${n}-byte control frame`, frames: [{ opcode, payload: Buffer.alloc(n) }] }, 1002]),
  fc.constantFrom(OP.ping, OP.pong, OP.close).map((opcode): [Piece, number] => [{ label: 'a fragmented control frame', frames: [{ opcode, fin: false }] }, 1002]),
  bytes(10).map((p): [Piece, number] => [{ label: 'a continuation with nothing to continue', frames: [{ opcode: OP.continuation, payload: p }] }, 1002]),
  fc.constantFrom(OP.text, OP.binary).map((opcode): [Piece, number] => [{ label: 'a new message inside a fragmented one', frames: [{ opcode: OP.text, fin: false, payload: Buffer.from('a') }, { opcode, payload: Buffer.from('b') }] }, 1002]),
  fc.constantFrom(0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535).map((code): [Piece, number] => [{ label: `a close frame with code ${code}`, frames: [{ opcode: OP.close, payload: closePayload(code) }] }, 1002]),
  fc.constant<[Piece, number]>([{ label: 'a close frame with a 1-byte payload', frames: [{ opcode: OP.close, payload: Buffer.from([3]) }] }, 1002]),
  fc.integer({ min: MAX_FRAGMENTS + 1, max: 90 }).map((n): [Piece, number] => [{ label: `a message in ${n} fragments`, frames: fragments(OP.binary, Buffer.alloc(0), n) }, 1008]),
);

/** A close frame with a valid code (and reason): the engine echoes the code. */
const validClose: fc.Arbitrary<[Piece, number]> = fc
  .tuple(
    fc.oneof(fc.constantFrom(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014), fc.integer({ min: 3000, max: 4999 })),
    fc.string({ maxLength: 30 }),
  )
  .map(([code, reason]): [Piece, number] => [{ label: `close ${code}`, frames: [{ opcode: OP.close, payload: closePayload(code, reason) }] }, code]);

/** A frame declaring more payload than is sent, then the client's FIN: the server ends too, without a close frame. */
const truncated: fc.Arbitrary<[Piece, 'ended']> = fc
  .tuple(fc.constantFrom(OP.text, OP.binary), fc.integer({ min: 10, max: MAX_PAYLOAD }))
  .map(([opcode, n]): [Piece, 'ended'] => [{ label: `a frame declaring ${n} bytes, cut short`, frames: [{ opcode, payload: Buffer.alloc(n - 5), declaredLength: BigInt(n) }] }, 'ended']);

export const frameScript: fc.Arbitrary<FrameScript> = fc
  .tuple(
    fc.array(harmless, { maxLength: 5 }),
    fc.oneof(
      { weight: 3, arbitrary: breaking.map(([p, code]) => [p, code, false] as const) },
      { weight: 2, arbitrary: validClose.map(([p, code]) => [p, code, true] as const) },
      { weight: 1, arbitrary: truncated.map(([p, code]) => [p, code, false] as const) },
    ),
    fc.array(fc.nat(), { maxLength: 3 }),
  )
  .map(([prefix, [last, expect, echo], cuts]) => ({
    pieces: [...prefix, last],
    expect,
    echo,
    halfClose: expect === 'ended',
    cuts,
  }));

/** The sequence as bytes, split at the script's cuts. */
export function scriptChunks(script: FrameScript): Buffer[] {
  const all = Buffer.concat(script.pieces.flatMap((p) => p.frames.map(frame)));
  const at = [...new Set(script.cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, all.length]) {
    if (cut > from) chunks.push(all.subarray(from, cut));
    from = Math.max(from, cut);
  }
  return chunks;
}

export const describeScript = (s: FrameScript) => `${s.pieces.map((p) => p.label).join(' → ')} (expect ${s.expect})`;

/** Floods: more frames or bytes than a client may send, read or not. The engine answers 4429. */
export const flood: fc.Arbitrary<{ label: string; frames: FrameSpec[] }> = fc.oneof(
  fc.tuple(fc.integer({ min: 150, max: 600 }), fc.integer({ min: 0, max: 125 })).map(([n, size]) => ({
    label: `${n} pings of ${size} bytes`,
    frames: Array.from({ length: n }, () => ({ opcode: OP.ping, payload: Buffer.alloc(size, 0x70) })),
  })),
  fc.integer({ min: 150, max: 600 }).map((n) => ({ label: `${n} pongs`, frames: Array.from({ length: n }, () => ({ opcode: OP.pong })) })),
  fc.integer({ min: 150, max: 600 }).map((n) => ({ label: `${n} small messages`, frames: Array.from({ length: n }, () => ({ opcode: OP.text, payload: Buffer.from('{}') })) })),
  fc.integer({ min: 20, max: 60 }).map((n) => ({
    label: `${n} messages of 4 KiB`,
    frames: Array.from({ length: n }, () => ({ opcode: OP.binary, payload: Buffer.alloc(MAX_PAYLOAD) })),
  })),
);
