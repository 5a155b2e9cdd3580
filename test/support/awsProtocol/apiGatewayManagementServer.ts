import {
  jsonReply,
  requestId,
  startProtocolServer,
  type ProtocolReply,
  type ProtocolServer,
} from './protocolServer.js';

/** A connection the local management API knows, and what was posted to it. */
export interface WireConnection {
  readonly connectedAt: Date;
  readonly sourceIp: string;
  readonly userAgent?: string;
  readonly received: Buffer[];
}

/**
 * API Gateway's websocket management API on 127.0.0.1 (REST-JSON): `POST`, `DELETE` and `GET` on
 * `/{stage}/@connections/{connectionId}`. A connection it does not know (never opened, or deleted) answers
 * 410 `GoneException`, as the service does.
 */
export interface ApiGatewayManagementServer extends ProtocolServer {
  readonly connections: Map<string, WireConnection>;
  /** The stage path of every request (`/prod`), to check which endpoint a client was made for. */
  readonly stages: string[];
  open(connectionId: string, identity?: { sourceIp?: string; userAgent?: string }): void;
}

const CONNECTION_PATH = /^(.*)\/@connections\/([^/?]+)(?:\?.*)?$/;
const OPERATIONS: Readonly<Record<string, string>> = {
  POST: 'PostToConnection',
  DELETE: 'DeleteConnection',
  GET: 'GetConnection',
};

/** Start a local management API on a free port of 127.0.0.1. */
export async function startApiGatewayManagementServer(): Promise<ApiGatewayManagementServer> {
  const connections = new Map<string, WireConnection>();
  const stages: string[] = [];
  const server = await startProtocolServer(() => ({
    operationOf: (request) => OPERATIONS[request.method ?? ''] ?? 'Unknown',
    error: restJsonError,
    handle(operation, body, request) {
      const match = CONNECTION_PATH.exec(request.url ?? '');
      if (match === null) return restJsonError(404, 'NotFoundException', `no route for ${request.url}`);
      stages.push(match[1] ?? '');
      const id = decodeURIComponent(match[2] ?? '');
      const connection = connections.get(id);
      if (connection === undefined) return restJsonError(410, 'GoneException', '');
      switch (operation) {
        case 'PostToConnection':
          connection.received.push(Buffer.from(body, 'utf8'));
          return { status: 200, headers: { 'x-amzn-requestid': requestId() }, body: '' };
        case 'DeleteConnection':
          connections.delete(id);
          return { status: 204, headers: { 'x-amzn-requestid': requestId() }, body: '' };
        default: {
          const identity = {
            sourceIp: connection.sourceIp,
            ...(connection.userAgent === undefined ? {} : { userAgent: connection.userAgent }),
          };
          const at = connection.connectedAt.toISOString();
          return jsonAnswer({ connectedAt: at, identity, lastActiveAt: at });
        }
      }
    },
  }));
  return Object.assign(server, {
    connections,
    stages,
    open(connectionId: string, identity: { sourceIp?: string; userAgent?: string } = {}) {
      connections.set(connectionId, {
        connectedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
        sourceIp: identity.sourceIp ?? '203.0.113.7',
        ...(identity.userAgent === undefined ? {} : { userAgent: identity.userAgent }),
        received: [],
      });
    },
  });
}

const REST_JSON = { 'content-type': 'application/json' };

function jsonAnswer(value: unknown): ProtocolReply {
  return jsonReply(200, value, REST_JSON);
}

/** A REST-JSON error: the type in `x-amzn-ErrorType`, the message in the body. */
function restJsonError(status: number, type: string, message: string): ProtocolReply {
  return jsonReply(status, { message }, { ...REST_JSON, 'x-amzn-errortype': type });
}
