/** The content types API Gateway treats as binary by default in a Chalice app. */
export const DEFAULT_BINARY_TYPES: readonly string[] = [
  'application/octet-stream',
  'application/x-tar',
  'application/zip',
  'audio/basic',
  'audio/ogg',
  'audio/mp4',
  'audio/mpeg',
  'audio/wav',
  'audio/webm',
  'image/png',
  'image/jpg',
  'image/jpeg',
  'image/gif',
  'video/ogg',
  'video/mpeg',
  'video/webm',
];

/** A media type as a route's `contentTypes` names it: `type/subtype`. */
export const MEDIA_TYPE = /^[a-z0-9!#$&^_.+*-]+\/[a-z0-9!#$&^_.+*-]+$/i;

/**
 * Whether a Content-Type (or Accept) header names one of `valid`, as Chalice compares them: any part
 * between `,` and `;` equal to a valid type, or `*\/*` on either side.
 */
export function matchesContentType(header: string, valid: readonly string[]): boolean {
  const lower = header.toLowerCase();
  const types = valid.map((t) => t.toLowerCase());
  if (lower.includes('*/*') || types.includes('*/*')) return true;
  const parts = lower.split(/[,;]/).map((p) => p.trim());
  return parts.some((part) => types.includes(part));
}
