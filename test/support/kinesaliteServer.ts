import { createServer, type Http2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import kinesalite from 'kinesalite';

/**
 * A failure the front answers with instead of passing a call to kinesalite: a 500, Kinesis's throttling
 * answer, or the connection dropped with no answer at all.
 */
export type KinesisFault = 'internalError' | 'throttled' | 'dropConnection';

/** Decides, per call, whether it fails; `operation` is the API's name, e.g. `GetRecords`. */
export type KinesisFaultRule = (operation: string) => KinesisFault | undefined;

/** kinesalite on a free port of 127.0.0.1, in memory, and a client for it. */
export interface Kinesalite {
  readonly endpoint: string;
  readonly client: KinesisClient;
  /** Fail calls as the rule says until it is replaced (`undefined`: every call reaches kinesalite). */
  injectFaults(rule: KinesisFaultRule | undefined): void;
  /** Faults answered so far, by operation and kind, e.g. `GetRecords:throttled`. */
  readonly faultsAnswered: ReadonlyMap<string, number>;
  /** Create a stream and wait until it is ACTIVE. */
  createStream(name: string, shardCount: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Start kinesalite. The Kinesis client speaks HTTP/2 (cleartext to an http:// endpoint) and kinesalite
 * serves HTTP/1.1, so kinesalite's request handler is mounted on a node:http2 server in compatibility mode.
 */
export async function startKinesalite(): Promise<Kinesalite> {
  const inner = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  const handler = inner.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  let rule: KinesisFaultRule | undefined;
  const faultsAnswered = new Map<string, number>();
  const server: Http2Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const fault = rule?.(operation);
    if (fault === undefined) return handler(req as never, res as never);
    const key = `${operation}:${fault}`;
    faultsAnswered.set(key, (faultsAnswered.get(key) ?? 0) + 1);
    answerFault(fault, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  return {
    endpoint,
    client,
    injectFaults(next) {
      rule = next;
    },
    faultsAnswered,
    async createStream(name, shardCount) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
      for (;;) {
        const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => inner.close(() => resolve()));
    },
  };
}

/** Answer a call with a fault as Kinesis's JSON protocol shapes it (the body is read first, as a server would). */
function answerFault(fault: KinesisFault, req: Http2ServerRequest, res: Http2ServerResponse): void {
  req.resume();
  req.once('end', () => {
    if (fault === 'dropConnection') {
      res.stream.session?.destroy();
      return;
    }
    const [status, type, message] =
      fault === 'throttled'
        ? [400, 'ProvisionedThroughputExceededException', 'Rate exceeded for shard in stream.']
        : [500, 'InternalFailure', 'The server encountered an internal error.'];
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fault' });
    res.end(JSON.stringify({ __type: type, message }));
  });
}
