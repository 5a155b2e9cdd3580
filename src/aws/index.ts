// statebridge/aws — the Lambda entry points of the AWS deployment. Needs @aws-sdk/client-{dynamodb,lambda,sfn,sqs,sns}.
export { createIngressHandler, type IngressHandler, type IngressHandlerOptions } from './ingressHandler.js';
export { createSweeperHandler, type SweepResult } from './sweeperHandler.js';
export { createFunctionHandler, type FunctionLambdaContext } from './functionHandler.js';
export type { WebsocketSenderFactory } from './websocketReplies.js';
export {
  buildAwsRuntime,
  lambdaArnScope,
  type AwsClients,
  type AwsHandlerOptions,
  type AwsRuntime,
} from './awsRuntime.js';
export { busResponseSink } from './busResponseSink.js';
export { byResourceType, type HandlerNameOf } from './customResourceIntake.js';
export { classifyIngressInput, type IngressInput } from './ingressInput.js';
export type { IngressResult } from './ingressResult.js';
export type { LambdaContextLike } from './relayBudget.js';
export {
  AWS_ENV,
  BUS_SOURCE,
  DEFAULT_INDEX_SHARDS,
  DETAIL_TYPE,
  INGRESS_EVENT_PATTERN,
  INVOKE_REQUEST_KIND,
  RESPONSE_ONLY_ALIAS_PREFIX,
  TIMER_FIRING_KIND,
  type InvokeRequest,
  type SendDetail,
  type StartDetail,
  type TimerFiring,
} from './contract.js';
