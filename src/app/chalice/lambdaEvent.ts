import type { Json } from '../../core/stepRecord.js';
import type { FunctionContext } from '../functions/defineFunction.js';

/**
 * What every event wrapper keeps, as Chalice's event classes do: the raw event (`toDict()`) and the
 * invocation's `context`. The raw event stays the source of truth; the fields are readers over it.
 */
export abstract class LambdaEvent<TRaw> {
  constructor(
    protected readonly raw: TRaw,
    /** The invocation this event arrived in (request id, attempt, remaining time). */
    readonly context: FunctionContext,
  ) {}

  /** The event exactly as the service delivered it. */
  toDict(): TRaw {
    return this.raw;
  }
}

/** A CloudWatch / EventBridge event, as `app.schedule` and `app.onCwEvent` handlers receive it. */
export class CloudWatchEvent extends LambdaEvent<Readonly<Record<string, Json>>> {
  get version(): string {
    return this.text('version');
  }
  get account(): string {
    return this.text('account');
  }
  get region(): string {
    return this.text('region');
  }
  get detail(): Json {
    return this.raw['detail'] ?? {};
  }
  get detailType(): string {
    return this.text('detail-type');
  }
  get source(): string {
    return this.text('source');
  }
  get time(): string {
    return this.text('time');
  }
  get eventId(): string {
    return this.text('id');
  }
  private text(field: string): string {
    const value = this.raw[field];
    return typeof value === 'string' ? value : '';
  }
  get resources(): readonly string[] {
    const resources = this.raw['resources'];
    return Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [];
  }
}
