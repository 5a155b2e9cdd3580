import type { BenchRow } from './measure.js';

/** The sides of the peers benchmark, each run in a process of its own. */
export const PEER_SIDES = [
  'statebridge memory',
  'statebridge sqlite',
  'aws-local-stepfunctions',
  'durable local runner',
] as const;
export type PeerSideName = (typeof PEER_SIDES)[number];

/** What the benchmark asks of a side's process, one command at a time. */
export type SideCommand =
  /** Run whole waves of `concurrency` workflows until `ms` of real time has passed. */
  | { readonly kind: 'measure'; readonly concurrency: number; readonly ms: number }
  /** Steps per workflow and, on SQLite, the log's bytes (read before the store closes). */
  | { readonly kind: 'report' }
  | { readonly kind: 'close' };

/** A side process's answers: `ready` once, then one answer per command. */
export type SideAnswer =
  | { readonly kind: 'ready'; readonly polyfilled: boolean }
  /** `cpuMs`: the process's CPU time in the window (every thread: JIT, GC, a side's workers). */
  | { readonly kind: 'measured'; readonly workflows: number; readonly ms: number; readonly cpuMs: number }
  | { readonly kind: 'report'; readonly stepsPerWorkflow?: number; readonly rows: BenchRow[]; readonly steps?: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly message: string };
