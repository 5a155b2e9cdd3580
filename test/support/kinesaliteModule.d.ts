// kinesalite ships JavaScript only; this is the part of its API the Kinesis tests use.
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  /** Options of kinesalite's in-process server (see its readme); no `path` keeps it in memory. */
  interface KinesaliteOptions {
    readonly path?: string;
    readonly createStreamMs?: number;
    readonly deleteStreamMs?: number;
    readonly updateStreamMs?: number;
    readonly shardLimit?: number;
  }

  /** Create an HTTP server speaking the Kinesis JSON protocol; call `listen` to start it. */
  export default function kinesalite(options?: KinesaliteOptions): Server;
}
