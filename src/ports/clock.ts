/** Where time comes from. Machines and core never read the wall clock; the runtime asks this. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Something that owns due times and can be told to fire them; a virtual clock drives it. */
export interface TimerSource {
  nextDueAt(): Promise<number | undefined>;
  fireDue(now: number): Promise<void>;
}
