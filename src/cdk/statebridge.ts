import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFn, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AWS_ENV, DEFAULT_INDEX_SHARDS, INGRESS_EVENT_PATTERN } from '../aws/contract.js';
import { ValidationError } from '../core/errors.js';
import type { AppInventory } from './appInventory.js';
import { checkAppSources } from './appSourceChecks.js';
import { deployAppSources, type DeployedAppSources } from './appSources.js';
import { createAlarms, type StatebridgeAlarms } from './alarms.js';
import { createEventTable } from './eventTable.js';
import { BUNDLE_HANDLERS, bundleLambdaCode, loadAppInventory } from './lambdaBundle.js';
import { scopedLambdaRole, stackArn } from './lambdaRole.js';
import { deployFunctions, type DeployedFunctions } from './registeredFunctions.js';
import { timerStateMachineDefinition } from './timerStateMachine.js';

/** Settings of a statebridge deployment. */
export interface StatebridgeProps {
  /** Path of the module exporting your App(s) or AppModule(s) as `appModules`, `appModule`, default or `app`. */
  readonly app: string;
  /** Module exporting the Lambda entry points; default `statebridge/aws`. */
  readonly entryPoints?: string;
  /** Shards of each work index (1..256, default 16); see docs/aws.md for the arithmetic. */
  readonly indexShards?: number;
  /** Prefix of the Lambda function names registered functions get (default `statebridge-`). */
  readonly functionNamePrefix?: string;
  /** What happens to the event table when the stack deletes it (default RETAIN: it is your history). */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /** Memory of the ingress and sweeper functions in MB (default 1024). */
  readonly memorySize?: number;
  /** Timeout of the ingress function (default 5 minutes); commands left when it runs out wait for the sweeper. */
  readonly ingressTimeout?: Duration;
}

const NAME_RULE = /^[A-Za-z0-9_-]*$/;

/**
 * Everything statebridge needs on AWS: the event table, a bus and rules feeding one ingress function
 * (the ServiceToken of your custom resources), the timer state machine, a sweeper that resumes work a
 * crashed invocation left, one Lambda function per registered function, a dead-letter queue, alarms.
 * @example
 * const stack = new Stack(new App(), 'Lifecycles');
 * const statebridge = new Statebridge(stack, 'Lifecycles', { app: './my-app.ts' });
 * new CustomResource(stack, 'Greeting', { serviceToken: statebridge.serviceToken, resourceType: 'Custom::Greeting' });
 */
export class Statebridge extends Construct {
  readonly table: CfnTable;
  readonly bus: EventBus;
  readonly ingress: LambdaFn;
  readonly sweeper: LambdaFn;
  readonly timerStateMachine: StateMachine;
  readonly deadLetterQueue: Queue;
  readonly functions: DeployedFunctions;
  readonly alarms: StatebridgeAlarms;
  /** The Apps' rules, notifications, subscriptions, mappings and APIs, each through the function's ingress alias. */
  readonly appSources: DeployedAppSources;
  /** What the app registers, as read at synth time. */
  readonly inventory: AppInventory;
  /** ARN of the ingress function: the ServiceToken of your custom resources. */
  readonly serviceToken: string;

  constructor(scope: Construct, id: string, props: StatebridgeProps) {
    super(scope, id);
    const { indexShards, prefix } = checkProps(props);
    this.inventory = loadAppInventory(props.app);
    const ingressTimeout = props.ingressTimeout ?? Duration.minutes(5);
    checkAppSources(this.inventory.appSources, { ingressTimeoutSeconds: ingressTimeout.toSeconds() });
    const code = Code.fromAsset(
      bundleLambdaCode({
        app: props.app,
        ...(props.entryPoints === undefined ? {} : { entryPoints: props.entryPoints }),
      }),
    );

    this.table = createEventTable(this, 'Events', props.tableRemovalPolicy ?? RemovalPolicy.RETAIN);
    this.bus = new EventBus(this, 'Bus');
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // A fixed name makes the ARN known before the machine exists: the ingress needs it and the machine needs the
    // ingress.
    const timerStateMachineName = `${Stack.of(this).stackName}-${id}-timers`
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 80);
    const timerStateMachineArn = stackArn(this, 'states', `stateMachine:${timerStateMachineName}`);

    const runtimeRole = scopedLambdaRole(this, 'Runtime', 'statebridge ingress and sweeper');
    const environment = {
      [AWS_ENV.table]: this.table.ref,
      [AWS_ENV.bus]: this.bus.eventBusName,
      [AWS_ENV.timerStateMachineArn]: timerStateMachineArn,
      [AWS_ENV.indexShards]: String(indexShards),
      [AWS_ENV.functionNamePrefix]: prefix,
    };
    const common = {
      runtime: Runtime.NODEJS_22_X,
      code,
      environment,
      role: runtimeRole.role,
      logGroup: runtimeRole.logGroup,
      memorySize: props.memorySize ?? 1024,
    };
    this.ingress = new LambdaFn(this, 'Ingress', {
      ...common,
      handler: BUNDLE_HANDLERS.ingress,
      description: 'statebridge ingress: CloudFormation requests, bus events, timer firings, Invoke calls',
      timeout: ingressTimeout,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.sweeper = new LambdaFn(this, 'Sweeper', {
      ...common,
      handler: BUNDLE_HANDLERS.sweeper,
      description: 'statebridge sweeper: recover() every minute',
      timeout: Duration.seconds(55),
    });
    this.serviceToken = this.ingress.functionArn;

    this.timerStateMachine = new StateMachine(this, 'Timers', {
      stateMachineName: timerStateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        Stack.of(this).toJsonString(timerStateMachineDefinition(this.ingress.functionArn)),
      ),
    });
    this.ingress.grantInvoke(this.timerStateMachine);

    new Rule(this, 'StatebridgeEvents', {
      eventBus: this.bus,
      description: 'statebridge.send / statebridge.start events to the ingress',
      eventPattern: { source: [...INGRESS_EVENT_PATTERN.source] },
      targets: [new LambdaFunction(this.ingress, { deadLetterQueue: this.deadLetterQueue })],
    });
    new Rule(this, 'Sweep', {
      description: 'statebridge sweeper: resume commands and timers left pending',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.sweeper, { retryAttempts: 0 })],
    });

    this.functions = deployFunctions(this, {
      inventory: this.inventory,
      code,
      prefix,
      ingress: this.ingress,
      bus: this.bus,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.appSources = deployAppSources(this, {
      apps: this.inventory.apps,
      sources: this.inventory.appSources,
      ingress: this.ingress,
      ingressRole: runtimeRole.role,
      deadLetterQueue: this.deadLetterQueue,
      functions: this.functions,
    });
    grantRuntime(runtimeRole.role, {
      table: this.table,
      bus: this.bus,
      timerStateMachineArn,
      timerStateMachineName,
      functions: this.functions,
    });
    this.alarms = createAlarms(this, {
      ingress: this.ingress,
      sweeper: this.sweeper,
      deadLetterQueue: this.deadLetterQueue,
      tableName: this.table.ref,
    });

    new CfnOutput(this, 'ServiceToken', {
      value: this.serviceToken,
      description: 'ServiceToken of your custom resources',
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.ref,
      description: 'statebridge ls|timeline --dynamodb <this>',
    });
    new CfnOutput(this, 'BusName', { value: this.bus.eventBusName });
  }
}

function checkProps(props: StatebridgeProps): { indexShards: number; prefix: string } {
  const indexShards = props.indexShards ?? DEFAULT_INDEX_SHARDS;
  const prefix = props.functionNamePrefix ?? 'statebridge-';
  const issues = [
    ...(typeof props.app === 'string' && props.app.length > 0
      ? []
      : [{ path: 'app', rule: 'must be the path of a module exporting your AppModule(s)' }]),
    ...(Number.isInteger(indexShards) && indexShards >= 1 && indexShards <= 256
      ? []
      : [{ path: 'indexShards', rule: `must be an integer from 1 to 256, got ${indexShards}` }]),
    ...(NAME_RULE.test(prefix) && prefix.length <= 32
      ? []
      : [{ path: 'functionNamePrefix', rule: 'must be at most 32 characters of A-Z, a-z, 0-9, - and _' }]),
  ];
  if (issues.length > 0) throw new ValidationError('Statebridge props', issues);
  return { indexShards, prefix };
}

/** The ingress and the sweeper run the same runtime, so they share one role with exactly what it calls. */
function grantRuntime(
  role: Role,
  on: {
    table: CfnTable;
    bus: EventBus;
    timerStateMachineArn: string;
    timerStateMachineName: string;
    functions: DeployedFunctions;
  },
): void {
  const add = (actions: string[], resources: string[]) =>
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
  add(
    ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    [on.table.attrArn, `${on.table.attrArn}/index/*`],
  );
  add(['events:PutEvents'], [on.bus.eventBusArn, stackArn(role, 'events', 'event-bus/default')]);
  add(['states:StartExecution'], [on.timerStateMachineArn]);
  add(
    ['states:StopExecution', 'states:DescribeExecution'],
    [stackArn(role, 'states', `execution:${on.timerStateMachineName}:*`)],
  );
  for (const statement of on.functions.runtimeStatements) role.addToPrincipalPolicy(statement);
}
