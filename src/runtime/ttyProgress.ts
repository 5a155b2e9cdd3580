import type { Clock } from '../ports/clock.js';
import { systemClock } from './systemClock.js';

/** Where a progress line goes: a terminal stream, or anything else (then nothing is drawn). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * One self-overwriting progress line for long work (a property run, the recovery of a large backlog),
 * drawn only when the stream is a terminal, so logs and pipes stay clean. Redrawn at most every `everyMs`.
 */
export class TtyProgress {
  private lastDrawn: number | undefined;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly clock: Clock = systemClock,
    private readonly everyMs = 100,
  ) {}

  /** True when a line will be drawn. */
  get active(): boolean {
    return this.stream.isTTY === true;
  }

  update(text: string): void {
    if (!this.active) return;
    const now = this.clock.now();
    if (this.lastDrawn !== undefined && now - this.lastDrawn < this.everyMs) return;
    this.lastDrawn = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${this.label}: ${text}`);
  }

  /** Leave `text` as the line's final state (or clear the line). */
  done(text?: string): void {
    if (!this.active || !this.drawn) return;
    this.stream.write(`\r\x1b[2K${text === undefined ? '' : `${this.label}: ${text}\n`}`);
  }
}
