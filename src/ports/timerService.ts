import type { MachineEvent } from '../core/stepRecord.js';

/** A durable timer as a timer service sees it: which instance, which timer, when. */
export interface ArmedTimer {
  readonly streamId: string;
  /** The key of the step that set the timer (`streamId#version#tIndex`): unique, so arming is idempotent. */
  readonly timerKey: string;
  /** Epoch ms. */
  readonly dueAt: number;
  /** The timer's id and event, set when arming, so its firing can be delivered without reading the head. */
  readonly timerId?: string;
  readonly event?: MachineEvent;
}

/**
 * Wakes the runtime when a durable timer is due. The runtime tells it, after each commit, which timers
 * the step armed and which it cancelled; the service later hands the firing back (on AWS a Step
 * Functions execution invokes the ingress). Arming the same key twice is one timer. Cancelling is best
 * effort: a firing for a timer no longer pending is ignored by the runtime.
 */
export interface TimerService {
  arm(timer: ArmedTimer): Promise<void>;
  cancel(timer: ArmedTimer): Promise<void>;
}
