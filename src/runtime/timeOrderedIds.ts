import { randomFillSync } from 'node:crypto';

let madeAt: number | undefined;
let prefix = '';

/** Two hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

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
  // Many ids share a millisecond: its text is made once for them (formatting it per id was a visible
  // part of a step's CPU time).
  if (now !== madeAt) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    madeAt = now;
  }
  // The random part, 'xxx-Vxxx-xxxxxxxxxxxx' with V holding the variant bits (10), written from ten pooled
  // bytes: a version 4 UUID made for the purpose and cut cost as much again.
  if (used + 10 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += 10;
  return (
    prefix +
    HEX[pool[at]!]![1]! +
    hexAt(at + 1) +
    '-' +
    HEX[(pool[at + 2]! & 0x3f) | 0x80]! +
    hexAt(at + 3) +
    '-' +
    hexAt(at + 4) +
    hexAt(at + 5) +
    hexAt(at + 6) +
    hexAt(at + 7) +
    hexAt(at + 8) +
    hexAt(at + 9)
  );
}

/** The pooled byte at `at` as two hex digits (a function of the module: one made per id was a visible cost). */
function hexAt(at: number): string {
  return HEX[pool[at]!]!;
}
