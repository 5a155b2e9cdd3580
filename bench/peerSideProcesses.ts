import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerSideName, SideAnswer, SideCommand } from './peerSideProtocol.js';

/** One side of the peers benchmark running in its own process, commanded one step at a time. */
export interface SideProcess {
  readonly name: PeerSideName;
  /** Whether the side's process had to add `Promise.withResolvers`. */
  readonly polyfilled: boolean;
  /** Workflows/s over whole waves of `concurrency` lasting at least `ms` of real time. */
  measure(concurrency: number, ms: number): Promise<number>;
  /** The last measurement's CPU time per workflow, in µs: steadier than a rate when the machine is busy. */
  cpuPerWorkflow(): number;
  report(): Promise<Extract<SideAnswer, { kind: 'report' }>>;
  /** Closes the side (the SQLite store checkpoints its WAL) and waits for its process to end. */
  close(): Promise<void>;
  /** Ends the process if it still runs (after a failure elsewhere). */
  stop(): void;
}

const entry = fileURLToPath(new URL('./peerSideProcess.ts', import.meta.url));

/** Start a side's process (with the loader this one runs under) and wait until the side is open. */
export async function startSideProcess(name: PeerSideName, dir: string): Promise<SideProcess> {
  const child = fork(entry, [name, dir], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = (command: SideCommand | undefined): Promise<SideAnswer> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name}: its process ended (code ${code})`));
      child.once('exit', onExit);
      child.once('message', (answer: SideAnswer) => {
        child.off('exit', onExit);
        if (answer.kind === 'failed') reject(new Error(`${name}: ${answer.message}`));
        else resolve(answer);
      });
      if (command !== undefined) child.send(command);
    });
  const ready = await ask(undefined);
  let lastCpuPerWorkflow = NaN;
  return {
    name,
    polyfilled: ready.kind === 'ready' && ready.polyfilled,
    async measure(concurrency, ms) {
      const answer = expect(await ask({ kind: 'measure', concurrency, ms }), 'measured');
      lastCpuPerWorkflow = (answer.cpuMs * 1000) / answer.workflows;
      return (answer.workflows * 1000) / answer.ms;
    },
    cpuPerWorkflow: () => lastCpuPerWorkflow,
    async report() {
      return expect(await ask({ kind: 'report' }), 'report');
    },
    async close() {
      expect(await ask({ kind: 'close' }), 'closed');
      await exited;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

function expect<K extends SideAnswer['kind']>(answer: SideAnswer, kind: K): Extract<SideAnswer, { kind: K }> {
  if (answer.kind !== kind) throw new Error(`a side process answered ${answer.kind} where ${kind} was due`);
  return answer as Extract<SideAnswer, { kind: K }>;
}
