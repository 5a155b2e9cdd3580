/**
 * The Kinesis stream reader for App stream sources. `@aws-sdk/client-kinesis` is a peer: bring your own
 * client.
 * @example
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { KinesisShardSource } from 'statebridge/kinesis';
 * const source = new KinesisShardSource({ client: new KinesisClient({}), streamName: 'clicks' });
 */
export { KinesisShardSource, type KinesisShardSourceOptions } from './kinesisShardSource.js';
