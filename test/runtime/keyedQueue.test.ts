import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/runtime/keyedQueue.js';

describe('the keyed queue', () => {
  it('runs the tasks of one key one at a time, in order, and goes on after one of them fails', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const task = async (name: string): Promise<string> => {
      log.push(`start ${name}`);
      if (name === 'a') await gate;
      if (name === 'b') throw new Error('b failed');
      log.push(`end ${name}`);
      return name;
    };
    const a = queue.run('k', task, 'a');
    const b = queue.run('k', task, 'b');
    const c = queue.run('k', task, 'c');
    // Another key is not held up by the first.
    await expect(queue.run('other', task, 'x')).resolves.toBe('x');
    expect(log).toEqual(['start a', 'start x', 'end x']);
    release();
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b failed');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['start a', 'start x', 'end x', 'end a', 'start b', 'start c', 'end c']);
  });

  it('starts a task at once when nothing is queued under its key, also after a task of that key failed', async () => {
    const queue = new KeyedQueue();
    await expect(queue.run('k', () => Promise.reject(new Error('failed')), undefined)).rejects.toThrow('failed');
    // Let the queue release the key, then check the next task starts synchronously within `run`.
    await new Promise((resolve) => setImmediate(resolve));
    let started = false;
    const next = queue.run(
      'k',
      () => {
        started = true;
        return Promise.resolve('done');
      },
      undefined,
    );
    expect(started).toBe(true);
    await expect(next).resolves.toBe('done');
  });
});
