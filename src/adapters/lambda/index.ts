// statebridge/lambda — registered functions run as Lambda functions. Needs @aws-sdk/client-lambda.
export { LambdaFunctionInvoker, type LambdaFunctionInvokerOptions } from './lambdaFunctionInvoker.js';
