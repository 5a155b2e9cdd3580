import { randomUUID } from 'node:crypto';

let madeAt: number | undefined;
let prefix = '';

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
  // A version 4 UUID's random bits (from node's cached entropy; a read of 16 random bytes per id costs more),
  // from the third group on: 'xxx-Vxxx-xxxxxxxxxxxx' keeps its variant bits.
  return prefix + randomUUID().slice(15);
}
