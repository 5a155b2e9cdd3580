import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { composeApp } from '../../src/cli/compose.js';
import { appDemo } from '../../src/cli/demos/appDemo.js';

describe('the App demo', () => {
  it('delivers an upload, one SQS batch and a schedule fire, each listed with its source', async () => {
    const lines: string[] = [];
    const store = new MemoryEventStore();
    const env = composeApp({ store, log: (line) => lines.push(line) });
    await appDemo.run(env);
    expect(lines).toContain('  thumbnail got s3://demo-img/images/cat.jpg');
    expect(lines).toContain('  work got a batch of a, b, c');
    expect(lines.filter((l) => l.includes('everyFive ran for'))).toHaveLength(1);
    const deliveries = lines.filter((l) => l.includes(' ← '));
    expect(deliveries.map((l) => l.replace(/^\s+\S+\s+/, '').replace(/\s+/g, ' '))).toEqual([
      'thumbnail done ← s3:demo-img',
      'work done ← sqs:demo-jobs',
      'everyFive done ← schedule:demo-media-everyFive',
    ]);
    // It runs beside the served runtime, not in it: the served store keeps none of its instances.
    expect((await store.listInstances({ machineId: 'asyncInvocation' })).items).toEqual([]);
  });
});
