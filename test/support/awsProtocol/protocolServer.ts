import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server received it: the operation, its headers and its raw body. */
export interface RecordedRequest {
  readonly operation: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** What a handler answers: a status, headers and a body. */
export interface ProtocolReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A fault for the next request of an operation: the socket is destroyed before an answer (`reset`), or
 * the server answers with this status and an error of this type instead of running the operation.
 */
export type InjectedFault =
  | { readonly kind: 'reset' }
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly message?: string };

/** The service-specific part: how to read the operation name and how to encode answers and errors. */
export interface ProtocolCodec {
  operationOf(request: IncomingMessage, body: string): string;
  handle(operation: string, body: string, request: IncomingMessage): ProtocolReply | Promise<ProtocolReply>;
  error(status: number, type: string, message: string): ProtocolReply;
}

/** A protocol server on 127.0.0.1 that records every request and can be told to fail some. */
export interface ProtocolServer {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Queue faults for the next requests of `operation` (or of any operation with `*`), in order. */
  fail(operation: string, ...faults: InjectedFault[]): void;
  close(): Promise<void>;
}

/** Start a server for `codec` on a free port of 127.0.0.1. */
export async function startProtocolServer(codec: (endpoint: () => string) => ProtocolCodec): Promise<ProtocolServer> {
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, InjectedFault[]>();
  let endpoint = '';
  const service = codec(() => endpoint);
  const takeFault = (operation: string): InjectedFault | undefined =>
    faults.get(operation)?.shift() ?? faults.get('*')?.shift();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void answer());
    const answer = async (): Promise<void> => {
      const body = Buffer.concat(chunks).toString('utf8');
      const operation = service.operationOf(request, body);
      requests.push({ operation, headers: { ...request.headers }, body });
      const fault = takeFault(operation);
      if (fault?.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      let reply: ProtocolReply;
      try {
        reply =
          fault === undefined
            ? await service.handle(operation, body, request)
            : service.error(fault.status, fault.type, fault.message ?? fault.type);
      } catch (error) {
        reply = service.error(500, 'InternalFailure', error instanceof Error ? error.message : String(error));
      }
      response.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
      response.end(reply.body);
    };
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    requests,
    fail(operation, ...more) {
      faults.set(operation, [...(faults.get(operation) ?? []), ...more]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Fake credentials and a region for SDK clients pointed at a local server. */
export const LOCAL_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
} as const;

/**
 * A JSON reply, as the AWS JSON 1.1 protocol sends it; `headers` adds to or replaces its headers (the content type
 * of JSON 1.0 or REST-JSON, an error type).
 */
export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): ProtocolReply {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId(), ...headers },
    body: JSON.stringify(value),
  };
}

let sequence = 0;
/** A request id for response headers and bodies. */
export function requestId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}
