import type { EventBridgeEnvelope, PutEventsEntry } from '../protocol/eventBridgeEnvelope.js';

/** Result of one PutEvents call, entry by entry, as EventBridge reports it. */
export interface PutEventsResult {
  readonly failedEntryCount: number;
  readonly entries: readonly (
    { readonly eventId: string } | { readonly errorCode: string; readonly errorMessage: string }
  )[];
}

/** An event bus: EventBridge in AWS, the in-process bus on one machine. */
export interface Bus {
  putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult>;
  /** Publish a complete envelope whose id the caller chose (so a re-publish is recognised downstream). */
  publish(envelope: EventBridgeEnvelope): Promise<void>;
}
