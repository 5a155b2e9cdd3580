import { functionArn, resourceArn, type ArnScope, type DestinationSpec } from '../../protocol/invocation/config.js';
import { RESPONSE_ONLY_INPUT_PATH } from '../../protocol/invocation/eventBridgeResult.js';
import type { AnyFunctionDefinition } from './defineFunction.js';
import { responseOnlyRuleName, type Destination, type DestinationOutcome } from './destination.js';

/**
 * Another function as destination, itself invoked asynchronously (its own retries and destinations).
 * With `responseOnly: true` it receives only the response payload (or the error object), routed the way
 * CDK does it: through a rule on the default event bus with input path `$.detail.responsePayload`.
 * @example
 * const audit = defineFunction('audit', async () => 'ok');
 * new LambdaDestination(audit, { responseOnly: true });
 */
export class LambdaDestination implements Destination {
  readonly kind = 'function' as const;
  constructor(
    readonly target: AnyFunctionDefinition,
    readonly options: { readonly responseOnly?: boolean } = {},
  ) {}

  toSpec(sourceFunction: string, outcome: DestinationOutcome, scope: ArnScope): DestinationSpec {
    if (this.options.responseOnly !== true)
      return { type: 'function', name: this.target.name, arn: functionArn(this.target.name, scope) };
    return {
      type: 'eventBus',
      name: 'default',
      arn: resourceArn('eventBus', 'default', scope),
      responseOnlyRule: {
        rule: responseOnlyRuleName(sourceFunction, outcome),
        targetFunction: this.target.name,
        inputPath: RESPONSE_ONLY_INPUT_PATH,
      },
    };
  }
}

/**
 * A queue as destination (the embedded queue here; SQS through a `QueueSender` adapter). The message
 * body is the invocation record.
 * @example
 * new SqsDestination('failed-resizes');
 */
export class SqsDestination implements Destination {
  readonly kind = 'queue' as const;
  constructor(readonly queueName: string) {}

  toSpec(_source: string, _outcome: DestinationOutcome, scope: ArnScope): DestinationSpec {
    return { type: 'queue', name: this.queueName, arn: resourceArn('queue', this.queueName, scope) };
  }
}

/**
 * A topic as destination (the embedded topic here; SNS through a `TopicPublisher` adapter). The
 * message is the invocation record.
 * @example
 * new SnsDestination('resize-results');
 */
export class SnsDestination implements Destination {
  readonly kind = 'topic' as const;
  constructor(readonly topicName: string) {}

  toSpec(_source: string, _outcome: DestinationOutcome, scope: ArnScope): DestinationSpec {
    return { type: 'topic', name: this.topicName, arn: resourceArn('topic', this.topicName, scope) };
  }
}

/**
 * An event bus as destination: the record becomes the `detail` of an event with `source: "lambda"` and
 * `detail-type: "Lambda Function Invocation Result - Success"` (or `- Failure`).
 * @example
 * new EventBridgeDestination(); // the default bus
 */
export class EventBridgeDestination implements Destination {
  readonly kind = 'eventBus' as const;
  constructor(readonly busName = 'default') {}

  toSpec(_source: string, _outcome: DestinationOutcome, scope: ArnScope): DestinationSpec {
    return { type: 'eventBus', name: this.busName, arn: resourceArn('eventBus', this.busName, scope) };
  }
}
