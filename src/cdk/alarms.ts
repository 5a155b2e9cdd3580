import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OVERDUE_METRIC } from '../aws/contract.js';

/** The alarms an operator of statebridge watches (docs/aws.md, "Operating it"). */
export interface StatebridgeAlarms {
  readonly ingressErrors: Alarm;
  readonly sweeperErrors: Alarm;
  readonly deadLetters: Alarm;
  readonly instancesOverdue: Alarm;
}

/** Alarms with no actions: wire them to your SNS topic or on-call tool with `alarm.addAlarmAction`. */
export function createAlarms(
  scope: Construct,
  on: { ingress: LambdaFn; sweeper: LambdaFn; deadLetterQueue: Queue; tableName: string },
): StatebridgeAlarms {
  const atLeastOne = {
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  };
  const errorsOf = (id: string, fn: LambdaFn, alarmDescription: string) =>
    new Alarm(scope, id, {
      ...atLeastOne,
      alarmDescription,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
  return {
    ingressErrors: errorsOf(
      'IngressErrorsAlarm',
      on.ingress,
      'The statebridge ingress failed (an invocation error, not a handler failure: those are machine states).',
    ),
    sweeperErrors: errorsOf(
      'SweeperErrorsAlarm',
      on.sweeper,
      'The statebridge sweeper failed; pending work left by a crashed ingress is not being resumed.',
    ),
    deadLetters: new Alarm(scope, 'DeadLettersAlarm', {
      ...atLeastOne,
      alarmDescription: 'Events that never reached the statebridge ingress are waiting in its dead-letter queue.',
      metric: on.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
    }),
    instancesOverdue: new Alarm(scope, 'InstancesOverdueAlarm', {
      ...atLeastOne,
      alarmDescription:
        'Instances have timers past due or commands pending for longer than a sweep, three minutes running.',
      metric: new Metric({
        namespace: OVERDUE_METRIC.namespace,
        metricName: OVERDUE_METRIC.name,
        dimensionsMap: { [OVERDUE_METRIC.dimension]: on.tableName },
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      evaluationPeriods: 3,
    }),
  };
}
