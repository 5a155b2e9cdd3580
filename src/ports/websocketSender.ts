/** What API Gateway's `GetConnection` answers about one websocket connection. */
export interface WebsocketConnectionInfo {
  readonly ConnectedAt: Date;
  readonly LastActiveAt: Date;
  readonly Identity: { readonly SourceIp: string; readonly UserAgent?: string };
}

/**
 * Reaches connected websocket clients: the local websocket host on one machine; in AWS, API Gateway's
 * management API (`PostToConnection`, `DeleteConnection`, `GetConnection` on `https://{domain}/{stage}`).
 * A connection that is gone (closed, or still being accepted) answers `'gone'`, as the service's
 * `GoneException` (HTTP 410) says it.
 */
export interface WebsocketSender {
  postToConnection(connectionId: string, data: string | Uint8Array): Promise<'sent' | 'gone'>;
  deleteConnection(connectionId: string): Promise<'closed' | 'gone'>;
  getConnection(connectionId: string): Promise<WebsocketConnectionInfo | 'gone'>;
}
