import { StatebridgeError, ValidationError } from '../../../core/errors.js';
import type { WebsocketConnectionInfo, WebsocketSender } from '../../../ports/websocketSender.js';

/** Thrown when a message goes to a connection that is gone, as Chalice's `WebsocketDisconnectedError`. */
export class WebsocketDisconnectedError extends StatebridgeError<'WEBSOCKET_DISCONNECTED'> {
  constructor(readonly connectionId: string) {
    super('WEBSOCKET_DISCONNECTED', `websocket connection ${connectionId} is gone`, { context: { connectionId } });
  }
}

/** True for a `WebsocketDisconnectedError`, across copies of the package. */
export function isWebsocketDisconnectedError(error: unknown): error is WebsocketDisconnectedError {
  return error instanceof StatebridgeError && error.code === 'WEBSOCKET_DISCONNECTED';
}

/** A sender, or how to make one for the API's endpoint (`https://{domainName}/{stage}`) once it is known. */
export type WebsocketSenderSource = WebsocketSender | ((endpoint: string) => WebsocketSender);

/**
 * `app.websocketApi`: talk back to connected clients, as Chalice's `WebsocketAPI`. Locally the websocket
 * host plugs itself in. In AWS plug in an adapter over API Gateway's management API, made for the
 * endpoint the first websocket event names (`app.websocketApi.useSender((endpoint) => ...)`).
 * @example
 * app.onWsMessage(async function echo(event) {
 *   await app.websocketApi.send(event.connectionId, event.body);
 * });
 */
export class WebsocketApi {
  private endpointUrl: string | undefined;
  private source: WebsocketSenderSource | undefined;
  private sender: WebsocketSender | undefined;

  /** The management endpoint, once configured. */
  get endpoint(): string | undefined {
    return this.endpointUrl;
  }

  /** Whether a sender (or a factory for one) is plugged in. */
  get hasSender(): boolean {
    return this.source !== undefined;
  }

  /** Fix the endpoint from a websocket event's domain and stage; the first call wins, as Chalice's. */
  configure(domainName: string, stage: string): void {
    if (this.endpointUrl !== undefined) return;
    this.endpointUrl = `https://${domainName}/${stage}`;
  }

  /** Where messages go: a sender, or a factory called with the endpoint. */
  useSender(source: WebsocketSenderSource): void {
    this.source = source;
    this.sender = typeof source === 'function' ? undefined : source;
  }

  /** Send a message to a connection (`PostToConnection`). */
  async send(connectionId: string, message: string | Uint8Array): Promise<void> {
    const sender = this.senderFor('send', connectionId);
    if (typeof message !== 'string' && !(message instanceof Uint8Array))
      throw new ValidationError('websocketApi.send', [{ path: 'message', rule: 'must be a string or bytes' }]);
    if ((await sender.postToConnection(connectionId, message)) === 'gone')
      throw new WebsocketDisconnectedError(connectionId);
  }

  /** Close a connection from the server side (`DeleteConnection`). */
  async close(connectionId: string): Promise<void> {
    if ((await this.senderFor('close', connectionId).deleteConnection(connectionId)) === 'gone')
      throw new WebsocketDisconnectedError(connectionId);
  }

  /** When a connection opened, was last active, and who it is (`GetConnection`). */
  async info(connectionId: string): Promise<WebsocketConnectionInfo> {
    const info = await this.senderFor('info', connectionId).getConnection(connectionId);
    if (info === 'gone') throw new WebsocketDisconnectedError(connectionId);
    return info;
  }

  private senderFor(method: string, connectionId: unknown): WebsocketSender {
    const where = `websocketApi.${method}`;
    if (typeof connectionId !== 'string' || connectionId === '')
      throw new ValidationError(where, [{ path: 'connectionId', rule: 'must be a non-empty string' }]);
    if (this.sender !== undefined) return this.sender;
    if (this.source === undefined)
      throw new ValidationError(where, [
        { path: 'sender', rule: 'must be set: run the app with a websocket host, or call websocketApi.useSender' },
      ]);
    if (typeof this.source !== 'function') return this.source;
    if (this.endpointUrl === undefined)
      throw new ValidationError(where, [
        { path: 'endpoint', rule: 'must be configured (by a websocket event, or websocketApi.configure)' },
      ]);
    this.sender = this.source(this.endpointUrl);
    return this.sender;
  }
}
