/** What one ingress invocation did, returned to the caller (and visible in the Lambda's response). */
export type IngressResult =
  | {
      readonly ok: true;
      readonly input: string;
      readonly instanceId?: string;
      /** False when the event had been applied before (a redelivery) or a timer was no longer pending. */
      readonly applied: boolean;
      readonly requestId?: string;
      /** True when the Lambda's time ran out before the relay finished; the sweeper resumes the rest. */
      readonly leftPending?: boolean;
    }
  | {
      readonly ok: false;
      readonly input: string;
      /** Names the field and the rule. */
      readonly reason: string;
      /** True when a recognisable custom resource request was answered FAILED. */
      readonly answeredFailed?: boolean;
    };
