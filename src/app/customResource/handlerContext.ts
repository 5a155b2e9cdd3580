import type { CustomResourceProvider } from '../../protocol/customResource/request.js';

/** What a handler gets besides the event. */
export interface HandlerContext {
  readonly provider: CustomResourceProvider;
  /** The instance serving this request (`cr:<provider>:<StackId>:<RequestId>`). */
  readonly instanceId: string;
  /** Epoch ms by which an answer must be decided; the runtime answers FAILED itself at this time. */
  readonly decideBy: number;
  /** Milliseconds left until `decideBy`, by the runtime's clock. */
  remainingMs(): number;
  /** The Lambda context when running as a Lambda function. */
  readonly lambda?: unknown;
}
