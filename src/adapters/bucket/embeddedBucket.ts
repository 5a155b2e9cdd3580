import type { Clock } from '../../ports/clock.js';

/** A change to an object, as a notification reports it (event name without the `s3:` prefix). */
export interface ObjectChange {
  readonly bucket: string;
  readonly key: string;
  readonly eventName: 'ObjectCreated:Put' | 'ObjectRemoved:Delete';
  readonly size?: number;
  readonly at: number;
}

/**
 * Named buckets in this process. Objects live in memory; each write or delete is reported to the
 * listeners, which raise S3-shaped events (the App's `onS3Event` functions).
 * @example
 * const bucket = new EmbeddedBucket({ clock });
 * bucket.onChange((change) => console.log(change.key));
 * await bucket.putObject('img', 'images/a.jpg', 'bytes');
 */
export class EmbeddedBucket {
  private readonly objects = new Map<string, Map<string, Uint8Array>>();
  private readonly listeners = new Set<(change: ObjectChange) => Promise<void> | void>();

  constructor(private readonly options: { clock: Clock }) {}

  /** Store an object and report `ObjectCreated:Put`; resolves once every listener took the change. */
  async putObject(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const objects = this.objects.get(bucket) ?? new Map<string, Uint8Array>();
    objects.set(key, bytes);
    this.objects.set(bucket, objects);
    await this.report({
      bucket,
      key,
      eventName: 'ObjectCreated:Put',
      size: bytes.length,
      at: this.options.clock.now(),
    });
  }

  /** Remove an object and report `ObjectRemoved:Delete` (S3 reports a delete of a missing key too). */
  async deleteObject(bucket: string, key: string): Promise<void> {
    this.objects.get(bucket)?.delete(key);
    await this.report({ bucket, key, eventName: 'ObjectRemoved:Delete', at: this.options.clock.now() });
  }

  /** The bytes of an object, or `undefined`. */
  getObject(bucket: string, key: string): Uint8Array | undefined {
    return this.objects.get(bucket)?.get(key);
  }

  /** Keys of a bucket, sorted as S3 lists them. */
  keys(bucket: string): readonly string[] {
    return [...(this.objects.get(bucket)?.keys() ?? [])].sort();
  }

  /** Watch every change. Returns an unsubscribe function. */
  onChange(listener: (change: ObjectChange) => Promise<void> | void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async report(change: ObjectChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }
}
