import { describe, expect, it } from 'vitest';
import { main } from '../../../examples/app/mediaApp.js';
import { main as chatMain } from '../../../examples/app/chatApp.js';
import { App } from '../../../src/app/chalice/app.js';
import type { S3Event } from '../../../src/app/chalice/storageEvents.js';
import { parseEventSource } from '../../../src/protocol/eventSources/eventSourceSchemas.js';
import { TestClient } from '../../../src/testing/appTestClient.js';

describe('the App example and the test client', () => {
  it('examples/app/mediaApp runs every source it declares', async () => {
    const lines = await main(() => undefined);
    expect(lines).toEqual([
      'greet answered {"hello":"world"}',
      'resize img/images/red flower.jpg',
      'work got a,b',
      'everyFive at 2026-01-01T00:05:00Z',
    ]);
  });

  it('generates events of the services’ shapes with distinct ids, and invokes functions by name', async () => {
    const app = new App('t');
    app.onS3Event({ bucket: 'img', name: 'resize' }, (e: S3Event) => e.key);
    const client = await TestClient.create(app);
    const sqs = client.events.generateSqsEvent({ messageBodies: ['a', 'b', 'c'] });
    expect(new Set(parseEventSource('sqs', sqs).Records.map((r) => r.messageId)).size).toBe(3);
    const kinesis = client.events.generateKinesisEvent({ messageBodies: ['a', 'b'] });
    expect(new Set(parseEventSource('kinesis', kinesis).Records.map((r) => r.eventID)).size).toBe(2);
    const first = client.events.generateSnsEvent({ message: 'm' }).Records[0]?.Sns.MessageId;
    expect(first).not.toBe(client.events.generateSnsEvent({ message: 'm' }).Records[0]?.Sns.MessageId);
    const s3 = client.events.generateS3Event({ bucket: 'img', key: 'a b.jpg' });
    expect(await client.lambda.invoke('resize', s3)).toEqual({ payload: 'a b.jpg' });
    await expect(client.lambda.invoke('nope')).rejects.toThrow(/name: must name a registered function/);
  });
});

describe('the websocket example', () => {
  it('examples/app/chatApp refuses a nameless client and relays each message to every member', async () => {
    const lines = await chatMain(() => undefined);
    expect(lines.slice(0, 1)).toEqual(['no name: refused with 400']);
    expect(lines.slice(1, 3).sort()).toEqual(['ann got "ann: hello"', 'bob got "ann: hello"']);
    expect(lines.slice(3).sort()).toEqual(['ann got "bob: hi ann"', 'bob got "bob: hi ann"']);
  });
});
