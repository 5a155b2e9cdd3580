import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule, RuleTargetInput, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, Function as LambdaFn, Runtime, type Code } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AWS_ENV, RESPONSE_ONLY_ALIAS_PREFIX } from '../aws/contract.js';
import { ValidationError } from '../core/errors.js';
import { RESPONSE_ONLY_INPUT_PATH, responseOnlyRulePattern } from '../protocol/invocation/eventBridgeResult.js';
import type { AppInventory, DestinationTarget, FunctionInventory } from './appInventory.js';
import { BUNDLE_HANDLERS } from './lambdaBundle.js';
import { scopedLambdaRole, stackArn } from './lambdaRole.js';

/** The Lambda functions of the registered functions and what the runtime needs to call them. */
export interface DeployedFunctions {
  readonly byName: ReadonlyMap<string, LambdaFn>;
  /** The responseOnly rules, by rule name (`<source>-on<Outcome>-responseOnly`). */
  readonly responseOnlyRules: ReadonlyMap<string, Rule>;
  /** Statements for the runtime's role: invoke each function, reach each destination. */
  readonly runtimeStatements: readonly PolicyStatement[];
}

interface DeployOptions {
  readonly inventory: AppInventory;
  readonly code: Code;
  readonly prefix: string;
  readonly ingress: LambdaFn;
  readonly bus: EventBus;
  readonly deadLetterQueue: Queue;
}

/** Lambda's limit on a function name. */
const MAX_FUNCTION_NAME = 64;

/**
 * One real Lambda function per registered function (the relay invokes it RequestResponse, so retries,
 * event age and destinations stay the machine's), and CDK's `responseOnly` rule for every
 * `LambdaDestination(…, { responseOnly: true })`: on the default bus, InputPath `$.detail.responsePayload`.
 */
export function deployFunctions(scope: Construct, options: DeployOptions): DeployedFunctions {
  const byName = new Map<string, LambdaFn>();
  const statements: PolicyStatement[] = [];
  for (const fn of options.inventory.functions) {
    const lambda = deployFunction(scope, fn, options);
    byName.set(fn.name, lambda);
    statements.push(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [lambda.functionArn] }));
    for (const target of fn.destinations) {
      const statement = destinationStatement(scope, target);
      if (statement !== undefined) statements.push(statement);
    }
  }
  return { byName, responseOnlyRules: responseOnlyRules(scope, options), runtimeStatements: statements };
}

function deployFunction(scope: Construct, fn: FunctionInventory, options: DeployOptions): LambdaFn {
  const functionName = `${options.prefix}${fn.name}`;
  if (functionName.length > MAX_FUNCTION_NAME) {
    throw new ValidationError('statebridge app', [
      {
        path: `function ${fn.name}`,
        rule:
          `deployed as "${functionName}", longer than Lambda's ${MAX_FUNCTION_NAME} ` +
          `characters; shorten the name or functionNamePrefix`,
      },
    ]);
  }
  const { role, logGroup } = scopedLambdaRole(scope, `Function-${fn.name}`, `statebridge function ${fn.name}`);
  const lambda = new LambdaFn(scope, `Function-${fn.name}`, {
    functionName,
    runtime: Runtime.NODEJS_22_X,
    code: options.code,
    handler: BUNDLE_HANDLERS.function,
    role,
    logGroup,
    timeout: Duration.seconds(fn.timeoutSeconds),
    ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: fn.reservedConcurrency }),
    description: `statebridge function ${fn.name} (module ${fn.module})`,
    environment: {
      [AWS_ENV.functionName]: fn.name,
      [AWS_ENV.functionNamePrefix]: options.prefix,
      [AWS_ENV.bus]: options.bus.eventBusName,
    },
  });
  // A handler may answer a deferred custom resource with a Responder, which sends through the bus.
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['events:PutEvents'], resources: [options.bus.eventBusArn] }),
  );
  return lambda;
}

function destinationStatement(scope: Construct, target: DestinationTarget): PolicyStatement | undefined {
  switch (target.kind) {
    case 'queue':
      return new PolicyStatement({
        actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'],
        resources: [stackArn(scope, 'sqs', target.name)],
      });
    case 'topic':
      return new PolicyStatement({ actions: ['sns:Publish'], resources: [stackArn(scope, 'sns', target.name)] });
    case 'eventBus':
      return new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [stackArn(scope, 'events', `event-bus/${target.name}`)],
      });
    case 'function':
      return undefined; // the target is itself a registered function, invoked through its own statement
  }
}

function responseOnlyRules(scope: Construct, options: DeployOptions): Map<string, Rule> {
  const rules = new Map<string, Rule>();
  const aliases = new Map<string, Alias>();
  let defaultBus: IEventBus | undefined;
  for (const fn of options.inventory.functions) {
    for (const link of fn.responseOnly) {
      defaultBus ??= EventBus.fromEventBusName(scope, 'DefaultBus', 'default');
      let alias = aliases.get(link.targetFunction);
      if (alias === undefined) {
        // The alias names the function to start: the payload alone (CDK's InputPath) cannot say it.
        alias = new Alias(scope, `ResponseOnly-${link.targetFunction}`, {
          aliasName: `${RESPONSE_ONLY_ALIAS_PREFIX}${link.targetFunction}`,
          version: options.ingress.currentVersion,
        });
        aliases.set(link.targetFunction, alias);
      }
      const pattern = responseOnlyRulePattern(
        stackArn(scope, 'lambda', `function:${options.prefix}${fn.name}:$LATEST`),
        link.outcome === 'Success',
      );
      rules.set(
        link.rule,
        new Rule(scope, `Rule-${link.rule}`, {
          eventBus: defaultBus,
          description:
            `responseOnly ${link.outcome === 'Success' ? 'onSuccess' : 'onFailure'} ` +
            `of ${fn.name} → ${link.targetFunction}`,
          eventPattern: {
            source: pattern['source'] as string[],
            detailType: pattern['detail-type'] as string[],
            resources: pattern['resources'] as string[],
          },
          targets: [
            new LambdaFunction(alias, {
              event: RuleTargetInput.fromEventPath(RESPONSE_ONLY_INPUT_PATH),
              deadLetterQueue: options.deadLetterQueue,
            }),
          ],
        }),
      );
    }
  }
  return rules;
}
