import { putCustomResourceResponse, type PutOutcome } from '../../adapters/http/responseClient.js';
import {
  decideResponseBody,
  serializeResponseBody,
  type ResponseCandidate,
} from '../../protocol/customResource/responseBody.js';
import type { CustomResourceProvider, RequestType } from '../../protocol/customResource/request.js';
import { putBackoffMs } from '../../protocol/customResource/timeouts.js';

/** Guess the provider of a bare event: ROS requests carry RegionId or an internal URL; CloudFormation's do not. */
export function providerOfEvent(event: Readonly<Record<string, unknown>>): CustomResourceProvider {
  return 'RegionId' in event || 'IntranetResponseURL' in event || 'InnerResponseURL' in event
    ? 'ros'
    : 'cloudformation';
}

/**
 * Answer a request directly, without a runtime (a Lambda deployment): apply the same body rules as the
 * machine, then PUT with capped backoff on network errors and 5xx until `giveUpAt`.
 */
export async function answerDirectly(
  event: Readonly<Record<string, unknown>>,
  candidate: ResponseCandidate,
  options: {
    provider?: CustomResourceProvider;
    giveUpAt?: number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<PutOutcome> {
  const provider = options.provider ?? providerOfEvent(event);
  const url = typeof event['ResponseURL'] === 'string' ? event['ResponseURL'] : undefined;
  if (url === undefined) return { ok: false, retryable: false, error: 'the event has no ResponseURL to answer to' };
  const body = serializeResponseBody(
    decideResponseBody(
      {
        provider,
        RequestType: String(event['RequestType']) as RequestType,
        StackId: String(event['StackId']),
        RequestId: String(event['RequestId']),
        LogicalResourceId: String(event['LogicalResourceId']),
        ...(typeof event['PhysicalResourceId'] === 'string' ? { PhysicalResourceId: event['PhysicalResourceId'] } : {}),
      },
      candidate,
    ),
  );
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const giveUpAt = options.giveUpAt ?? now() + 60_000;
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await putCustomResourceResponse(url, body, { dialect: provider, now: now() });
    if (outcome.ok || !outcome.retryable || now() + putBackoffMs(attempt) >= giveUpAt) return outcome;
    await sleep(putBackoffMs(attempt));
  }
}
