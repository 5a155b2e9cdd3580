import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import kinesalite from 'kinesalite';

/** kinesalite on a free port of 127.0.0.1, in memory, and a client for it. */
export interface Kinesalite {
  readonly endpoint: string;
  readonly client: KinesisClient;
  /** Create a stream and wait until it is ACTIVE. */
  createStream(name: string, shardCount: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Start kinesalite. The Kinesis client speaks HTTP/2 (cleartext to an http:// endpoint) and kinesalite
 * serves HTTP/1.1, so kinesalite's request handler is mounted on a node:http2 server in compatibility mode.
 */
export async function startKinesalite(): Promise<Kinesalite> {
  const inner = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  const handler = inner.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const server: Http2Server = createServer((req, res) => handler(req as never, res as never));
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
