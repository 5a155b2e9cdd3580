import type { S3Event as S3Payload } from '../../protocol/eventSources/s3Event.js';
import type { SnsEvent } from '../../protocol/eventSources/snsEvent.js';
import { s3Event, snsMessage } from '../../protocol/eventSources/wrappers.js';
import { LambdaEvent } from './lambdaEvent.js';

/** An S3 notification, as `app.onS3Event` handlers receive it (the first record, as Chalice reads it). */
export class S3Event extends LambdaEvent<S3Payload> {
  /** The bucket name. */
  get bucket(): string {
    return s3Event.bucket(this.raw);
  }
  /** The object key, URL-decoded ("red+flower.jpg" in the event reads "red flower.jpg"). */
  get key(): string {
    return s3Event.key(this.raw);
  }
  /** The event name without the `s3:` prefix, e.g. `ObjectCreated:Put`. */
  get eventName(): string {
    return s3Event.eventName(this.raw);
  }
}

/** An SNS message, as `app.onSnsMessage` handlers receive it. */
export class SNSEvent extends LambdaEvent<SnsEvent> {
  get message(): string {
    return snsMessage.message(this.raw);
  }
  /** The subject, or `undefined` when the publisher gave none. */
  get subject(): string | undefined {
    return snsMessage.subject(this.raw);
  }
  get messageAttributes(): ReturnType<typeof snsMessage.messageAttributes> {
    return snsMessage.messageAttributes(this.raw);
  }
}
