import { describe, expect, it } from 'vitest';
import { InProcessBus, type BusDelivery, type BusTarget } from '../../src/adapters/bus/inProcessBus.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import type { Json } from '../../src/core/stepRecord.js';
import type { EventBridgeEnvelope, PutEventsEntry } from '../../src/protocol/eventBridgeEnvelope.js';

const NOW = Date.parse('2024-03-01T12:00:00Z');

function newBus(): InProcessBus {
  return new InProcessBus({ clock: { now: () => NOW }, account: '123456789012', region: 'eu-west-1' });
}

function recorder(
  id: string,
  shape: Partial<Omit<BusTarget, 'id' | 'deliver'>> = {},
): BusTarget & { received: Json[] } {
  const received: Json[] = [];
  return { id, ...shape, received, deliver: async (input) => void received.push(input) };
}

function entry(detail: Record<string, Json>, overrides: Partial<PutEventsEntry> = {}): PutEventsEntry {
  return { Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(detail), ...overrides };
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('InProcessBus rules and patterns', () => {
  it('delivers only events whose pattern matches, with the EventBridge envelope', async () => {
    const bus = newBus();
    const big = recorder('big');
    bus.putRule({
      name: 'big-orders',
      eventPattern: { source: ['orders'], detail: { total: [{ numeric: ['>', 100] }] } },
      targets: [big],
    });
    const result = await bus.putEvents([
      entry({ total: 250 }),
      entry({ total: 5 }),
      entry({ total: 500 }, { Source: 'billing' }),
    ]);
    expect(result.failedEntryCount).toBe(0);
    expect(big.received).toHaveLength(1);
    expect(big.received[0]).toMatchObject({
      version: '0',
      source: 'orders',
      'detail-type': 'OrderPlaced',
      account: '123456789012',
      region: 'eu-west-1',
      time: '2024-03-01T12:00:00Z',
      resources: [],
      detail: { total: 250 },
    });
  });

  it('refuses an invalid pattern when the rule is put, naming the path and the rule', () => {
    const bus = newBus();
    const error = errorOf(() => bus.putRule({ name: 'bad', eventPattern: { detail: { state: [] } }, targets: [] }));
    expect(isStatebridgeError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('eventPattern.detail.state: empty arrays are not allowed');
    expect(bus.listRules()).toEqual([]);
  });

  it('refuses bad rule names, too many targets and conflicting input settings', () => {
    const bus = newBus();
    const targets = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => recorder(id));
    expect(() => bus.putRule({ name: 'has space', eventPattern: { source: ['x'] }, targets: [] })).toThrowError(
      /name: must be 1-64/,
    );
    expect(() => bus.putRule({ name: 'many', eventPattern: { source: ['x'] }, targets })).toThrowError(
      /at most 5 targets/,
    );
    expect(() =>
      bus.putRule({
        name: 'both',
        eventPattern: { source: ['x'] },
        targets: [recorder('t', { input: 1, inputPath: '$.detail' })],
      }),
    ).toThrowError(/mutually exclusive/);
  });

  it('replaces a rule put twice under the same name and removes it', async () => {
    const bus = newBus();
    const first = recorder('t');
    const second = recorder('t');
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [first] });
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [second] });
    await bus.putEvents([entry({})]);
    expect([first.received.length, second.received.length]).toEqual([0, 1]);
    bus.removeRule('r');
    await bus.putEvents([entry({})]);
    expect(second.received).toHaveLength(1);
  });
});

describe('InProcessBus target input', () => {
  it('sends a constant input, or the part selected by inputPath', async () => {
    const bus = newBus();
    const constant = recorder('constant', { input: { fixed: true } });
    const path = recorder('path', { inputPath: '$.detail.items[1]' });
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [constant, path] });
    await bus.putEvents([entry({ items: ['a', 'b'] })]);
    expect(constant.received).toEqual([{ fixed: true }]);
    expect(path.received).toEqual(['b']);
  });

  it('fills a JSON input template: JSON outside quotes, escaped text inside, predefined variables', async () => {
    const bus = newBus();
    const target = recorder('t', {
      inputTransformer: {
        inputPathsMap: { id: '$.detail.id', items: '$.detail.items', note: '$.detail.note', missing: '$.detail.nope' },
        inputTemplate:
          '{"id": <id>, "items": <items>, "text": "order <id>: <note>", "gone": ' +
          '<missing>, "rule": "<aws.events.rule-name>", "arn": "<aws.events.rule-arn>", ' +
          '"at": "<aws.events.event.ingestion-time>", "event": <aws.events.event>}',
      },
    });
    bus.putRule({ name: 'shape', eventPattern: { source: ['orders'] }, targets: [target] });
    await bus.putEvents([entry({ id: 42, items: [1, 2], note: 'say "hi"' })]);
    const received = target.received[0] as Record<string, Json>;
    expect(received).toMatchObject({
      id: 42,
      items: [1, 2],
      text: 'order 42: say "hi"',
      gone: null,
      rule: 'shape',
      arn: 'arn:aws:events:eu-west-1:123456789012:rule/shape',
      at: '2024-03-01T12:00:00Z',
    });
    expect(received['event']).toMatchObject({ source: 'orders' });
    expect(received['event']).not.toHaveProperty('detail');
  });

  it('fills a string template into a JSON string, and free text into plain text', async () => {
    const bus = newBus();
    const quoted = recorder('quoted', {
      inputTransformer: {
        inputPathsMap: { id: '$.detail.id', state: '$.detail.state' },
        inputTemplate: '"<id> is in state <state>"',
      },
    });
    const free = recorder('free', {
      inputTransformer: {
        inputPathsMap: { id: '$.detail.id', state: '$.detail.state' },
        inputTemplate: 'instance <id> is <state> <br>',
      },
    });
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [quoted, free] });
    await bus.putEvents([entry({ id: 'i-1', state: 'running' })]);
    expect(quoted.received).toEqual(['i-1 is in state running']);
    expect(free.received).toEqual(['instance i-1 is running <br>']);
  });

  it('refuses transformers EventBridge refuses', () => {
    const bus = newBus();
    const put = (inputPathsMap: Record<string, string>, inputTemplate: string): void =>
      bus.putRule({
        name: 'r',
        eventPattern: { source: ['x'] },
        targets: [recorder('t', { inputTransformer: { inputPathsMap, inputTemplate } })],
      });
    expect(() => put({ 'aws.mine': '$.detail' }, '<aws.mine>')).toThrowError(/reserved/);
    expect(() => put({ k: 'detail.x' }, '<k>')).toThrowError(/must be a JSONPath/);
    expect(() => put({ k: '$.detail' }, '{"<k>": 1}')).toThrowError(/cannot be used as an object key/);
    expect(() => put({}, '{"e": "<aws.events.event>"}')).toThrowError(/only be a JSON value/);
  });
});

describe('InProcessBus PutEvents validation and failures', () => {
  it('refuses a call with more than 10 entries, or none, as a whole', async () => {
    const bus = newBus();
    const target = recorder('t');
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [target] });
    const eleven = Array.from({ length: 11 }, (_, i) => entry({ i }));
    await expect(bus.putEvents(eleven)).rejects.toThrowError(
      'invalid PutEvents call: entries: must hold 1-10 entries, got 11',
    );
    await expect(bus.putEvents([])).rejects.toThrowError(/got 0/);
    expect(target.received).toEqual([]);
    const ten = await bus.putEvents(eleven.slice(0, 10));
    expect(ten.failedEntryCount).toBe(0);
    expect(target.received).toHaveLength(10);
  });

  it('refuses a call over 1 MB, naming the limit and option, and takes one the old 256 KB limit refused', async () => {
    const bus = newBus();
    const huge = entry({ blob: 'x'.repeat(600 * 1024) });
    await expect(bus.putEvents([huge, huge])).rejects.toThrowError(
      /entries: total size \d+ bytes exceeds the PutEvents limit of 1048576 bytes \(option maxPutEventsBytes\)/,
    );
    const large = entry({ blob: 'x'.repeat(140 * 1024) });
    await expect(bus.putEvents([large, large])).resolves.toMatchObject({ failedEntryCount: 0 });
  });

  it('takes another call size limit per bus through maxPutEventsBytes', async () => {
    const bus = new InProcessBus({ clock: { now: () => NOW }, maxPutEventsBytes: 256 * 1024 });
    const large = entry({ blob: 'x'.repeat(140 * 1024) });
    await expect(bus.putEvents([large, large])).rejects.toThrowError(
      /exceeds the PutEvents limit of 262144 bytes \(option maxPutEventsBytes\)/,
    );
    expect(() => new InProcessBus({ clock: { now: () => NOW }, maxPutEventsBytes: 0 })).toThrowError(
      'invalid in-process bus options: maxPutEventsBytes: must be a whole number of bytes, 1 or more, got 0',
    );
  });

  it('reports malformed entries one by one and still publishes the good ones', async () => {
    const bus = newBus();
    const target = recorder('t');
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [target] });
    const result = await bus.putEvents([
      entry({ ok: true }),
      { Source: 'orders', DetailType: 'X', Detail: '[1,2]' },
      { Source: '', DetailType: 'X', Detail: '{}' },
    ]);
    expect(result.failedEntryCount).toBe(2);
    expect(result.entries[0]).toHaveProperty('eventId');
    expect(result.entries[1]).toMatchObject({
      errorCode: 'MalformedDetail',
      errorMessage: expect.stringContaining('Detail: must be a JSON object') as unknown,
    });
    expect(result.entries[2]).toMatchObject({
      errorCode: 'InvalidArgument',
      errorMessage: expect.stringContaining('Source: is required') as unknown,
    });
    expect(target.received).toHaveLength(1);
  });

  it('reports a failing target in the entry result and to listeners, after trying every target', async () => {
    const bus = newBus();
    const good = recorder('good');
    const bad: BusTarget = { id: 'bad', deliver: async () => Promise.reject(new Error('queue is full')) };
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [bad, good] });
    const deliveries: BusDelivery[] = [];
    bus.onDelivery((d) => deliveries.push(d));
    const result = await bus.putEvents([entry({})]);
    expect(result.failedEntryCount).toBe(1);
    expect(result.entries[0]).toMatchObject({
      errorCode: 'TargetDeliveryFailed',
      errorMessage: expect.stringContaining('r/bad: queue is full') as unknown,
    });
    expect(good.received).toHaveLength(1);
    expect(deliveries.map((d) => [d.target, d.error === undefined])).toEqual([
      ['bad', false],
      ['good', true],
    ]);
  });

  it('publish rejects with every failure once all targets were tried', async () => {
    const bus = newBus();
    const boom: BusTarget = { id: 'boom', deliver: async () => Promise.reject(new Error('down')) };
    bus.putRule({ name: 'r', eventPattern: { source: ['orders'] }, targets: [boom] });
    const envelope: EventBridgeEnvelope = {
      version: '0',
      id: 'evt-1',
      'detail-type': 'X',
      source: 'orders',
      account: '1',
      time: '2024-01-01T00:00:00Z',
      region: 'local',
      resources: [],
      detail: {},
    };
    await expect(bus.publish(envelope)).rejects.toThrowError('1 target(s) failed for event evt-1: r/boom: down');
  });
});
