/**
 * S3 writes object keys into event notifications URL-encoded in form style: a space becomes `+`,
 * other reserved characters `%XX` ("red flower.jpg" arrives as "red+flower.jpg"); `/` stays as is.
 */

/**
 * Decode a key as S3 wrote it into an event, like Python's `unquote_plus`; `undefined` when the text
 * is not valid percent-encoding (a stray `%`, or escapes that are not UTF-8).
 * @example
 * decodeS3Key('photos/red+flower%281%29.jpg'); // 'photos/red flower(1).jpg'
 */
export function decodeS3Key(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Encode a key the way S3 writes it into an event, for building realistic test events.
 * @example
 * encodeS3Key('photos/red flower.jpg'); // 'photos/red+flower.jpg'
 */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/** The rule an encoded key breaks, or `undefined` when it is a key S3 could have written. */
export function s3KeyProblem(raw: string): string | undefined {
  if (raw.length === 0) return 'must not be empty';
  if (/\s/.test(raw)) return 'must be URL-encoded (S3 writes a space as +)';
  const decoded = decodeS3Key(raw);
  if (decoded === undefined) return 'must be valid URL encoding';
  if (new TextEncoder().encode(decoded).length > 1024) return 'must decode to at most 1024 UTF-8 bytes';
  return undefined;
}
