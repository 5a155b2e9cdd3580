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
export function createAlarms(scope: Construct, on: { ingress: LambdaFn; sweeper: LambdaFn; deadLetterQueue: Queue; tableName: string }): StatebridgeAlarms {
  const atLeastOne = { threshold: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING };
  return {
    ingressErrors: new Alarm(scope, 'IngressErrorsAlarm', {
      ...atLeastOne,
      alarmDescription: 'The statebridge ingress failed (an invocation error, not a handler failure: those are machine states).',
      metric: on.ingress.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      evaluationPeriods: 1,
    }),
    sweeperErrors: new Alarm(scope, 'SweeperErrorsAlarm', {
      ...atLeastOne,
      alarmDescription: 'The statebridge sweeper failed; pending work left by a crashed ingress is not being resumed.',
      metric: on.sweeper.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      evaluationPeriods: 1,
    }),
    deadLetters: new Alarm(scope, 'DeadLettersAlarm', {
      ...atLeastOne,
      alarmDescription: 'Events that never reached the statebridge ingress are waiting in its dead-letter queue.',
      metric: on.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      evaluationPeriods: 1,
    }),
    instancesOverdue: new Alarm(scope, 'InstancesOverdueAlarm', {
      ...atLeastOne,
      alarmDescription: 'Instances have timers past due or commands pending for longer than a sweep, three minutes running.',
      metric: new Metric({ namespace: OVERDUE_METRIC.namespace, metricName: OVERDUE_METRIC.name, dimensionsMap: { [OVERDUE_METRIC.dimension]: on.tableName }, period: Duration.minutes(1), statistic: 'Maximum' }),
      evaluationPeriods: 3,
    }),
  };
}
