import { Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Alias, type EventSourceMapping, type Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { Bucket, type EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APP_SOURCE_ALIAS_PREFIX } from '../aws/contract.js';
import { deployRestApis, type DeployedRestApi } from './appRestApis.js';
import { cdkEventPatternOf } from './appSourceChecks.js';
import { sourcesOfKind, type AppApiInventory, type AppSourceInventory } from './appSourceSpec.js';
import { deployMappings } from './appMappings.js';
import { deployWebsocketApis, type DeployedWebsocketApi } from './appWebsocketApis.js';
import { stackArn } from './lambdaRole.js';
import type { DeployedFunctions } from './registeredFunctions.js';

/** What the construct creates for the Apps' sources, each keyed by the App function (or App) it serves. */
export interface DeployedAppSources {
  /** The ingress alias each App function's sources invoke (`app-<function>`). */
  readonly aliases: ReadonlyMap<string, Alias>;
  /** Schedule and pattern rules, on the default bus. */
  readonly rules: ReadonlyMap<string, Rule>;
  /** SQS, Kinesis and DynamoDB stream mappings. */
  readonly mappings: ReadonlyMap<string, EventSourceMapping>;
  /** One REST API per App with routes, by App name. */
  readonly restApis: ReadonlyMap<string, DeployedRestApi>;
  /** One websocket API per App with websocket handlers, by App name. */
  readonly websocketApis: ReadonlyMap<string, DeployedWebsocketApi>;
}

/** What the App sources attach to. */
export interface AppSourceTargets {
  readonly apps: readonly AppApiInventory[];
  readonly sources: readonly AppSourceInventory[];
  readonly ingress: LambdaFn;
  /** The ingress's execution role: mappings poll with it. */
  readonly ingressRole: IRole;
  readonly deadLetterQueue: Queue;
  readonly functions: DeployedFunctions;
}

/**
 * Every App source, wired to the ingress through the function's alias: AWS's own services deliver (rules,
 * bucket notifications, subscriptions, mappings, API Gateway), and the ingress knows the function from the alias.
 */
export function deployAppSources(scope: Construct, targets: AppSourceTargets): DeployedAppSources {
  const aliases = new Map<string, Alias>();
  for (const { function: name } of targets.sources) {
    if (aliases.has(name)) continue;
    aliases.set(
      name,
      new Alias(scope, `AppSource-${name}`, {
        aliasName: `${APP_SOURCE_ALIAS_PREFIX}${name}`,
        version: targets.ingress.currentVersion,
        description: `App sources of ${name}`,
      }),
    );
  }
  const aliasOf = (name: string): Alias => aliases.get(name)!;
  const rules = deployRules(scope, targets, aliasOf);
  deployNotifications(scope, targets.sources, aliasOf);
  deploySubscriptions(scope, targets.sources, aliasOf);
  return {
    aliases,
    rules,
    mappings: deployMappings(scope, targets.sources, { aliasOf, ingressRole: targets.ingressRole }),
    restApis: deployRestApis(scope, targets.apps, targets.sources, aliasOf),
    websocketApis: deployWebsocketApis(scope, targets.sources, { aliasOf, functions: targets.functions }),
  };
}

/** Schedules and patterns: rules on the default bus, with the retries and dead-letter queue of the other rules. */
function deployRules(scope: Construct, targets: AppSourceTargets, aliasOf: (name: string) => Alias) {
  const rules = new Map<string, Rule>();
  const target = (name: string) => new LambdaFunction(aliasOf(name), { deadLetterQueue: targets.deadLetterQueue });
  for (const entry of sourcesOfKind(targets.sources, 'schedule'))
    rules.set(
      entry.function,
      new Rule(scope, `AppSchedule-${entry.function}`, {
        description: (entry.source.description || `${entry.app} ${entry.function} schedule`).slice(0, 512),
        schedule: Schedule.expression(entry.source.expression),
        targets: [target(entry.function)],
      }),
    );
  for (const entry of sourcesOfKind(targets.sources, 'cwEvent'))
    rules.set(
      entry.function,
      new Rule(scope, `AppEvents-${entry.function}`, {
        description: `${entry.app} ${entry.function} event pattern`,
        eventPattern: cdkEventPatternOf(entry.source.eventPattern),
        targets: [target(entry.function)],
      }),
    );
  return rules;
}

/** Imported buckets by name: CDK's notification custom resource adds to what the bucket already notifies. */
function deployNotifications(
  scope: Construct,
  sources: readonly AppSourceInventory[],
  aliasOf: (name: string) => Alias,
): void {
  const buckets = new Map<string, IBucket>();
  for (const entry of sourcesOfKind(sources, 's3')) {
    const { bucket: name, events, prefix, suffix } = entry.source;
    let bucket = buckets.get(name);
    if (bucket === undefined) {
      bucket = Bucket.fromBucketName(scope, `AppBucket-${name}`, name);
      buckets.set(name, bucket);
    }
    const filter = { ...(prefix === undefined ? {} : { prefix }), ...(suffix === undefined ? {} : { suffix }) };
    for (const event of events)
      bucket.addEventNotification(event as EventType, new LambdaDestination(aliasOf(entry.function)), filter);
  }
}

/** Imported topics: a name is a topic of this stack's account and region, an ARN is taken as it is. */
function deploySubscriptions(
  scope: Construct,
  sources: readonly AppSourceInventory[],
  aliasOf: (name: string) => Alias,
): void {
  const topics = new Map<string, ITopic>();
  for (const entry of sourcesOfKind(sources, 'sns')) {
    const arn = entry.source.topic.startsWith('arn:') ? entry.source.topic : stackArn(scope, 'sns', entry.source.topic);
    let topic = topics.get(entry.source.topic);
    if (topic === undefined) {
      topic = Topic.fromTopicArn(scope, `AppTopic-${entry.source.topic.replace(/[^A-Za-z0-9_.-]/g, '-')}`, arn);
      topics.set(entry.source.topic, topic);
    }
    const subscription = topic.addSubscription(new LambdaSubscription(aliasOf(entry.function)));
    Validations.of(subscription).acknowledge({
      id: 'CloudFormation-Validate::W3694',
      reason: 'SNS delivers to a function alias ARN as to a function ARN',
    });
  }
}
