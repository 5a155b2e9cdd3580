import { randomFillSync } from 'node:crypto';

/** The character codes of the id's first 15 characters ('xxxxxxxx-xxxx-7'), made once per millisecond. */
const prefix: number[] = [];
let madeAt: number | undefined;

/** The codes of a byte's two hex digits, high then low. */
const HIGH = new Uint8Array(256);
const LOW = new Uint8Array(256);
for (let byte = 0; byte < 256; byte += 1) {
  const hex = byte.toString(16).padStart(2, '0');
  HIGH[byte] = hex.charCodeAt(0);
  LOW[byte] = hex.charCodeAt(1);
}
const DASH = 0x2d;

/** Random bytes from the system's CSPRNG, drawn 4 KiB at a time (one read per 409 ids) and used once each. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * A new id: a UUID version 7 (RFC 9562), the millisecond it was made followed by 74 random bits. Ids the
 * runtime makes become keys of the stores' indexes (instance ids, fresh event ids): ids that grow with time
 * append to those indexes, where random ones rewrite a page of each per new entry.
 * @example
 * const id = newTimeOrderedId(); // '019ac1d2-7f3e-7a1b-9c4d-0e5f6a7b8c9d'
 */
export function newTimeOrderedId(now: number = Date.now()): string {
  // Many ids share a millisecond: its digits are worked out once for them.
  if (now !== madeAt) {
    const time = now.toString(16).padStart(12, '0');
    const text = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    for (let i = 0; i < text.length; i += 1) prefix[i] = text.charCodeAt(i);
    madeAt = now;
  }
  // The random part, 'xxx-Vxxx-xxxxxxxxxxxx' with V holding the variant bits (10), written from ten pooled
  // bytes. The id is made as one flat string from its 36 character codes: joined from pieces, it was a chain
  // of a dozen partial strings that every comparison or write of the id then had to copy into one.
  if (used + 10 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += 10;
  const p = prefix;
  const b1 = pool[at + 1]!;
  const variant = (pool[at + 2]! & 0x3f) | 0x80;
  const b3 = pool[at + 3]!;
  const b4 = pool[at + 4]!;
  const b5 = pool[at + 5]!;
  const b6 = pool[at + 6]!;
  const b7 = pool[at + 7]!;
  const b8 = pool[at + 8]!;
  const b9 = pool[at + 9]!;
  // prettier-ignore
  return String.fromCharCode(
    p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, p[8]!, p[9]!, p[10]!, p[11]!, p[12]!, p[13]!, p[14]!,
    LOW[pool[at]!]!, HIGH[b1]!, LOW[b1]!, DASH, HIGH[variant]!, LOW[variant]!, HIGH[b3]!, LOW[b3]!, DASH,
    HIGH[b4]!, LOW[b4]!, HIGH[b5]!, LOW[b5]!, HIGH[b6]!, LOW[b6]!, HIGH[b7]!, LOW[b7]!, HIGH[b8]!, LOW[b8]!,
    HIGH[b9]!, LOW[b9]!,
  );
}
