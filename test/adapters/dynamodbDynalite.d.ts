// dynalite ships JavaScript only; this is the part of its API the DynamoDB tests and bench use.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** Options of dynalite's in-process server (see its readme). */
  interface DynaliteOptions {
    readonly path?: string;
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    readonly maxItemSizeKb?: number;
  }

  /** Create an HTTP server speaking the DynamoDB JSON protocol; call `listen` to start it. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
