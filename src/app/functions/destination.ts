import type { ArnScope, DestinationSpec } from '../../protocol/invocation/config.js';

/** Which outcome a destination serves. */
export type DestinationOutcome = 'Success' | 'Failure';

/** A place an invocation result can go; turned into plain JSON for the machine when a function is registered. */
export interface Destination {
  readonly kind: 'function' | 'queue' | 'topic' | 'eventBus';
  toSpec(sourceFunction: string, outcome: DestinationOutcome, scope: ArnScope): DestinationSpec;
}

/** The name CDK-style `responseOnly` rules get: one per source function and outcome. */
export function responseOnlyRuleName(sourceFunction: string, outcome: DestinationOutcome): string {
  return `${sourceFunction}-on${outcome}-responseOnly`;
}

/** A dead-letter target: a queue or a topic (`SqsDestination` and `SnsDestination` are both). */
export type DeadLetterTarget =
  { readonly kind: 'queue'; readonly queueName: string } | { readonly kind: 'topic'; readonly topicName: string };
