import { join } from 'node:path';
import { statebridgeSide, type WorkflowSide } from './asyncWorkflow.js';
import { durableRunnerSide, localStepFunctionsSide } from './peerWorkflows.js';
import type { PeerSideName, SideAnswer, SideCommand } from './peerSideProtocol.js';
import { polyfillPromiseWithResolvers } from './promiseWithResolvers.js';
import { recordBytes } from './recordBytes.js';

// One side of the peers benchmark in a process of its own, so that no side's heap, garbage, JIT state or
// global fakes (the durable runner replaces the timers and the clock) weigh on another's measurement.
// Started by peerSideProcesses.ts with the side's name and a directory; answers one command at a time.

// The TypeScript loader (tsx) turns on source-mapped stacks, which makes every `error.stack` several times
// dearer than under plain node, where packages run in production without them. Each side creates errors (a
// failing attempt), so each runs with node's default.
process.setSourceMapsEnabled(false);

// Taken before the durable runner's fake timers replace the global clock.
const realNow = performance.now.bind(performance);
const [name, dir] = process.argv.slice(2) as [PeerSideName, string];

function answer(message: SideAnswer): void {
  process.send!(message);
}

interface OpenSide {
  readonly side: WorkflowSide;
  report(): Promise<Extract<SideAnswer, { kind: 'report' }>>;
}

async function open(): Promise<OpenSide> {
  if (name === 'statebridge memory' || name === 'statebridge sqlite') {
    const { side, store } = statebridgeSide(name === 'statebridge memory' ? 'memory' : 'sqlite', dir);
    return {
      side,
      async report() {
        const stepsPerWorkflow = side.steps() / side.delivered();
        if (name === 'statebridge memory') return { kind: 'report', stepsPerWorkflow, rows: [] };
        const { rows, steps } = await recordBytes(store, join(dir, 'peers.db'));
        return { kind: 'report', stepsPerWorkflow, rows, steps };
      },
    };
  }
  const report = () => Promise.resolve({ kind: 'report' as const, rows: [] });
  if (name === 'aws-local-stepfunctions') return { side: await localStepFunctionsSide(), report };
  // Alone in this process, the durable runner's environment stays set up from the first wave to the last.
  const durable = await durableRunnerSide();
  await durable.enter();
  return {
    side: {
      run: (count, concurrency) => durable.run(count, concurrency),
      async close() {
        await durable.leave();
        await durable.close();
      },
    },
    report,
  };
}

/** Whole waves of `concurrency` until at least `ms` of real time has passed. */
async function measure(side: WorkflowSide, concurrency: number, ms: number): Promise<SideAnswer> {
  let workflows = 0;
  const cpuAtStart = process.cpuUsage();
  const start = realNow();
  while (realNow() - start < ms) {
    await side.run(concurrency, concurrency);
    workflows += concurrency;
  }
  const elapsed = realNow() - start;
  const cpu = process.cpuUsage(cpuAtStart);
  return { kind: 'measured', workflows, ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function serve(): Promise<void> {
  const polyfilled = polyfillPromiseWithResolvers();
  const opened = await open();
  let queue = Promise.resolve();
  process.on('message', (command: SideCommand) => {
    queue = queue.then(async () => {
      try {
        if (command.kind === 'measure') answer(await measure(opened.side, command.concurrency, command.ms));
        else if (command.kind === 'report') answer(await opened.report());
        else {
          await opened.side.close();
          answer({ kind: 'closed' });
          process.disconnect();
        }
      } catch (error) {
        answer({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
  });
  answer({ kind: 'ready', polyfilled });
}

await serve();
