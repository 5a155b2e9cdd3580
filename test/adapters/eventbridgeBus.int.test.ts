import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeBus, type EventBridgeBusOptions } from '../../src/adapters/eventbridge/index.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import type { PutEventsEntry } from '../../src/protocol/eventBridgeEnvelope.js';
import { startEventBridgeServer, type EventBridgeServer } from '../support/awsProtocol/eventBridgeServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';

let server: EventBridgeServer;
let delays: number[];
beforeEach(async () => {
  server = await startEventBridgeServer();
  delays = [];
});
afterEach(() => server.close());

/** A bus on the local server; the SDK's own retries are off so every request the adapter makes is counted. */
function busFor(options: Partial<EventBridgeBusOptions> = {}): EventBridgeBus {
  const client = new EventBridgeClient({ endpoint: server.endpoint, ...LOCAL_CLIENT_CONFIG, maxAttempts: 1 });
  return new EventBridgeBus({ client, sleep: async (ms) => void delays.push(ms), random: () => 1, ...options });
}

const entry = (n: number, detail: Record<string, unknown> = {}): PutEventsEntry => ({
  Source: 'shop',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify({ n, ...detail }),
});
const numbersOf = (call: { Detail?: string }[]): number[] =>
  call.map((e) => (JSON.parse(e.Detail ?? '{}') as { n: number }).n);
const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i);

describe('EventBridgeBus against a local AWS JSON 1.1 server', () => {
  it('sends 23 entries in 3 calls of at most 10, in order, with the ids EventBridge assigned', async () => {
    const result = await busFor().putEvents(range(23).map((n) => entry(n)));
    expect(server.calls().map((call) => call.length)).toEqual([10, 10, 3]);
    expect(server.calls().flatMap(numbersOf)).toEqual(range(23));
    expect(server.requests[0]?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(result.failedEntryCount).toBe(0);
    expect(result.entries).toEqual(server.events.map((e) => ({ eventId: e.eventId })));
  });

  it('splits by size so that no call exceeds 1 MB, and sends entries the old 256 KB limit refused', async () => {
    const big = 'x'.repeat(400 * 1024);
    const result = await busFor().putEvents(range(5).map((n) => entry(n, { big })));
    expect(server.calls().map(numbersOf)).toEqual([[0, 1], [2, 3], [4]]);
    expect(result.failedEntryCount).toBe(0);
  });

  it('refuses one entry over 1 MB without sending it, naming the limit and the option', async () => {
    const result = await busFor().putEvents([entry(0, { big: 'x'.repeat(1024 * 1024) }), entry(1)]);
    expect(server.calls().map(numbersOf)).toEqual([[1]]);
    expect(result.entries[0]).toEqual({
      errorCode: 'InvalidArgument',
      errorMessage: expect.stringMatching(/over the PutEvents limit of 1048576 bytes \(option maxPutEventsBytes\)/),
    });
  });

  it('takes another call size limit per bus through maxPutEventsBytes', async () => {
    const bus = busFor({ maxPutEventsBytes: 256 * 1024 });
    const result = await bus.putEvents([
      ...range(3).map((n) => entry(n, { big: 'x'.repeat(100 * 1024) })),
      entry(3, { big: 'x'.repeat(300 * 1024) }),
    ]);
    expect(server.calls().map(numbersOf)).toEqual([[0, 1], [2]]);
    expect(result.entries[3]).toMatchObject({
      errorCode: 'InvalidArgument',
      errorMessage: expect.stringMatching(/limit of 262144 bytes \(option maxPutEventsBytes\)/),
    });
    expect(() => busFor({ maxPutEventsBytes: 1.5 })).toThrow(
      'invalid EventBridge bus options: maxPutEventsBytes: must be a whole number of bytes, 1 or more, got 1.5',
    );
  });

  it('resends only the entries that came back with a retryable ErrorCode, keeping the result order', async () => {
    server.entryFailure = (wire, call) => {
      const n = numbersOf([wire])[0];
      if (call === 1 && n === 2) return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
      if (call === 1 && n === 5) return { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' };
      return undefined;
    };
    const result = await busFor().putEvents(range(7).map((n) => entry(n)));
    expect(server.calls().map(numbersOf)).toEqual([
      [0, 1, 2, 3, 4, 5, 6],
      [2, 5],
    ]);
    expect(result.failedEntryCount).toBe(0);
    const idOf = (n: number) => server.events.find((e) => numbersOf([e.entry])[0] === n)?.eventId;
    expect(result.entries).toEqual(range(7).map((n) => ({ eventId: idOf(n) })));
    expect(delays).toEqual([100]);
  });

  it('gives up after the bounded attempts, with capped backoff, reporting the entry never sent', async () => {
    server.entryFailure = (wire) =>
      numbersOf([wire])[0] === 1 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : undefined;
    const result = await busFor({ resend: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 } }).putEvents([
      entry(0),
      entry(1),
      entry(2),
    ]);
    expect(server.calls().map(numbersOf)).toEqual([[0, 1, 2], [1], [1], [1]]);
    expect(delays).toEqual([100, 200, 300]);
    expect(result.failedEntryCount).toBe(1);
    expect(result.entries[1]).toEqual({ errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' });
    expect(result.entries[0]).toHaveProperty('eventId');
    expect(result.entries[2]).toHaveProperty('eventId');
  });

  it('reports final entry errors without resending them, and refuses invalid entries before sending', async () => {
    server.entryFailure = (wire) =>
      numbersOf([wire])[0] === 0
        ? { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid.' }
        : undefined;
    const notAnObject: PutEventsEntry = { Source: 'shop', DetailType: 'OrderPlaced', Detail: '[1]' };
    const noSource = { Source: '', DetailType: 'OrderPlaced', Detail: '{"n":9}' };
    const result = await busFor().putEvents([entry(0), notAnObject, noSource, entry(3)]);
    expect(server.calls().map(numbersOf)).toEqual([[0, 3]]);
    expect(result.failedEntryCount).toBe(3);
    expect(result.entries[0]).toEqual({
      errorCode: 'InvalidArgument',
      errorMessage: 'Parameter Resources is not valid.',
    });
    expect(result.entries[1]).toMatchObject({ errorCode: 'MalformedDetail' });
    expect(result.entries[2]).toMatchObject({
      errorCode: 'InvalidArgument',
      errorMessage: expect.stringContaining('Source'),
    });
    expect(delays).toEqual([]);
  });

  it('sends a whole call again after a throttling answer, a 500 and a connection reset', async () => {
    server.fail(
      'PutEvents',
      { kind: 'error', status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
      { kind: 'error', status: 500, type: 'InternalFailure' },
      { kind: 'reset' },
    );
    const result = await busFor().putEvents([entry(0), entry(1)]);
    expect(server.requests).toHaveLength(4);
    expect(result).toEqual({ failedEntryCount: 0, entries: server.events.map((e) => ({ eventId: e.eventId })) });
    expect(server.events).toHaveLength(2);
  });

  it('does not resend a call refused for good; publish throws it as a StatebridgeError with the cause', async () => {
    server.fail('PutEvents', {
      kind: 'error',
      status: 400,
      type: 'AccessDeniedException',
      message: 'not authorized to perform: events:PutEvents',
    });
    const error = await busFor()
      .publish({
        version: '0',
        id: 'e-1',
        'detail-type': 'X',
        source: 'shop',
        account: '1',
        time: '2026-01-01T00:00:00Z',
        region: 'r',
        resources: [],
        detail: {},
      })
      .catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(isStatebridgeError(error, 'COMMAND_FAILED')).toBe(true);
    expect(error).toMatchObject({
      retryable: false,
      context: { eventId: 'e-1', errorCode: 'AccessDeniedException' },
      cause: { name: 'AccessDeniedException' },
    });
  });

  it('publish maps an envelope to an entry on the configured bus, with its id inside detail when asked', async () => {
    const bus = busFor({ eventBusName: 'orders', carryIdAs: 'eventId' });
    await bus.publish({
      version: '0',
      id: 'evt-42',
      'detail-type': 'OrderPlaced',
      source: 'shop',
      account: '111',
      time: '2026-03-01T10:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:x'],
      detail: { orderId: 'o-1' },
    });
    const [call] = server.calls();
    expect(call).toEqual([
      {
        Source: 'shop',
        DetailType: 'OrderPlaced',
        Detail: JSON.stringify({ orderId: 'o-1', eventId: 'evt-42' }),
        Resources: ['arn:x'],
        Time: Date.parse('2026-03-01T10:00:00Z') / 1000,
        EventBusName: 'orders',
      },
    ]);
    expect(server.events[0]?.eventId).not.toBe('evt-42');
  });
});
