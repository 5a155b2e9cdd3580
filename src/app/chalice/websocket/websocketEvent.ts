import type { Json } from '../../../core/stepRecord.js';
import type { WebsocketProxyEvent } from '../../../protocol/websocket/websocketProxyEvent.js';
import { BadRequestError } from '../http/viewErrors.js';
import { LambdaEvent } from '../lambdaEvent.js';

/**
 * A websocket event as `onWsConnect`, `onWsMessage` and `onWsDisconnect` handlers receive it, as
 * Chalice's `WebsocketEvent`. `body` is the message text ('' on connect and disconnect, where Chalice
 * gives the string "None"); `jsonBody` parses it.
 */
export class WebsocketEvent extends LambdaEvent<WebsocketProxyEvent> {
  private parsed: { value: Json } | undefined;

  /** The connection this event belongs to: what `app.websocketApi.send` takes. */
  get connectionId(): string {
    return this.raw.requestContext.connectionId;
  }
  get domainName(): string {
    return this.raw.requestContext.domainName;
  }
  get stage(): string {
    return this.raw.requestContext.stage;
  }
  /** `$connect`, `$default` or `$disconnect`. */
  get routeKey(): string {
    return this.raw.requestContext.routeKey;
  }
  get body(): string {
    return this.raw.body ?? '';
  }

  /** The body parsed as JSON; a body that is not JSON throws `BadRequestError('Error Parsing JSON')`, as Chalice's. */
  get jsonBody(): Json {
    if (this.parsed === undefined) {
      try {
        this.parsed = { value: JSON.parse(this.body) as Json };
      } catch {
        throw new BadRequestError('Error Parsing JSON');
      }
    }
    return this.parsed.value;
  }
}
