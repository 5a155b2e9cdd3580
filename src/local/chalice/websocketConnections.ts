import type { WebSocket } from 'ws';
import type { Clock } from '../../ports/clock.js';
import type { WebsocketConnectionInfo, WebsocketSender } from '../../ports/websocketSender.js';
import type { WebsocketConnectionFacts } from '../../protocol/websocket/websocketProxyEvent.js';

/** One open connection: its socket, what it was opened with, and when it last sent something. */
export interface OpenConnection {
  readonly socket: WebSocket;
  readonly facts: WebsocketConnectionFacts;
  lastActiveAt: number;
  /** Deliveries of this connection run in the order its frames arrived. */
  tail: Promise<void>;
}

/**
 * The open connections of the local websocket host, and the management API over them: a connection
 * not (or no longer, or not yet) open is `'gone'`, as API Gateway's 410.
 */
export class WebsocketConnections implements WebsocketSender {
  private readonly open = new Map<string, OpenConnection>();

  constructor(private readonly clock: Clock) {}

  get ids(): readonly string[] {
    return [...this.open.keys()];
  }

  add(socket: WebSocket, facts: WebsocketConnectionFacts): OpenConnection {
    const connection = { socket, facts, lastActiveAt: facts.connectedAt, tail: Promise.resolve() };
    this.open.set(facts.connectionId, connection);
    return connection;
  }

  /** Forget a connection; true when it was open until now. */
  remove(connectionId: string): boolean {
    return this.open.delete(connectionId);
  }

  all(): readonly OpenConnection[] {
    return [...this.open.values()];
  }

  async postToConnection(connectionId: string, data: string | Uint8Array): Promise<'sent' | 'gone'> {
    const connection = this.open.get(connectionId);
    if (connection === undefined || connection.socket.readyState !== connection.socket.OPEN) return 'gone';
    const sent = await new Promise<boolean>((resolve) => {
      // ws calls back with null (or nothing) once the frame is written, with an error when it was not.
      connection.socket.send(data, { binary: typeof data !== 'string' }, (error?: Error | null) =>
        resolve(error === undefined || error === null),
      );
    });
    return sent ? 'sent' : 'gone';
  }

  async deleteConnection(connectionId: string): Promise<'closed' | 'gone'> {
    const connection = this.open.get(connectionId);
    if (connection === undefined) return 'gone';
    connection.socket.close(1000, 'Connection closed by the server');
    return 'closed';
  }

  async getConnection(connectionId: string): Promise<WebsocketConnectionInfo | 'gone'> {
    const connection = this.open.get(connectionId);
    if (connection === undefined) return 'gone';
    const { facts } = connection;
    return {
      ConnectedAt: new Date(facts.connectedAt),
      LastActiveAt: new Date(connection.lastActiveAt),
      Identity: { SourceIp: facts.sourceIp, ...(facts.userAgent === undefined ? {} : { UserAgent: facts.userAgent }) },
    };
  }

  /** Mark a connection active now (a frame arrived). */
  touch(connection: OpenConnection): void {
    connection.lastActiveAt = this.clock.now();
  }
}
