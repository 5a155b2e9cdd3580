import { randomUUID } from 'node:crypto';
import { TOKEN_HEADER } from '../../adapters/http/requestGuard.js';
import type { Json } from '../../core/stepRecord.js';
import { requestInstanceId, type CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { ResponseBody } from '../../protocol/customResource/responseBody.js';
import type { AppEnvironment } from '../environment.js';
import type { customResourceInstallation } from './module.js';
import { receiveCustomResourceRequest } from './requestIntake.js';
import { ROS_ENDPOINT_PREFIX } from './rosEndpoint.js';
import { signRosRequest } from './rosSignature.js';
import type { TemplateResource } from './stackTemplate.js';

type Props = { readonly [key: string]: Json };
/** The custom resource module as installed in an environment. */
export type Installation = NonNullable<ReturnType<typeof customResourceInstallation>>;
export type ProviderRequestType = 'Create' | 'Update' | 'Delete';
/** Fields an Update or Delete carries besides the Create's. */
export interface ProviderRequestExtra {
  readonly PhysicalResourceId?: string;
  readonly OldResourceProperties?: Props;
}

/**
 * The provider's side of the wire for one stack: builds each request as CloudFormation or ROS sends it,
 * delivers it to this runtime (directly, or through the ROS HTTP endpoint) and waits for the answer.
 */
export class StackRequests {
  /** The instance of every request sent, in order. */
  readonly instances: string[] = [];
  readonly stackId: string;

  constructor(
    private readonly env: AppEnvironment,
    private readonly installed: Installation,
    private readonly provider: CustomResourceProvider,
    private readonly stackName: string,
  ) {
    this.stackId =
      provider === 'cloudformation'
        ? `arn:aws:cloudformation:local:000000000000:stack/${stackName}/${randomUUID()}`
        : randomUUID();
  }

  /** Send one request as the provider does and wait for its answer (the PUT, or the ROS sync reply). */
  async send(
    handler: string,
    r: TemplateResource,
    type: ProviderRequestType,
    props: Props,
    extra: ProviderRequestExtra = {},
  ): Promise<ResponseBody> {
    const requestId = randomUUID();
    this.instances.push(requestInstanceId(this.provider, this.stackId, requestId));
    const request = {
      RequestType: type,
      RequestId: requestId,
      StackId: this.stackId,
      LogicalResourceId: r.logicalId,
      ResourceType: r.type,
      ...extra,
      ResourceProperties: props,
      ...(this.provider === 'cloudformation'
        ? { ServiceToken: r.properties['ServiceToken'] ?? null }
        : { StackName: this.stackName, RegionId: 'local', ResourceOwnerId: '0', CallerId: '0' }),
      ...(r.sync ? {} : { ResponseURL: this.installed.inbox.urlFor(requestId) }),
    };
    if (this.provider === 'cloudformation') {
      const intake = { runtime: this.env.runtime, handlers: this.installed.handlers };
      await receiveCustomResourceRequest(intake, request, { provider: this.provider, handler });
    } else {
      const reply = await this.postToRosEndpoint(r, handler, request);
      if (reply !== undefined) return reply;
    }
    const received = await this.installed.inbox.waitFor(requestId, 3_700_000);
    return JSON.parse(received.body) as ResponseBody;
  }

  /** POST to the ROS `web:` endpoint; the answer itself when the resource is synchronous. */
  private async postToRosEndpoint(
    r: TemplateResource,
    handler: string,
    request: { readonly [key: string]: Json },
  ): Promise<ResponseBody | undefined> {
    const timeout = r.timeoutSeconds === undefined ? '' : `timeout=${r.timeoutSeconds}`;
    const query = `${r.sync ? 'mode=sync&' : ''}${timeout}`;
    const url = `${this.env.http.baseUrl()}${ROS_ENDPOINT_PREFIX}${encodeURIComponent(handler)}?${query}`;
    // A resource with HttpConfig.SignKey is signed as ROS signs it; the others carry the process token.
    const signing = r.signing === undefined ? undefined : { ...r.signing, serviceUrl: url };
    if (signing !== undefined) this.installed.rosSigning.set(handler, signing);
    const body =
      signing === undefined
        ? request
        : { ...request, Signature: signRosRequest(request, signing, url, this.env.clock.now()) };
    const headers = {
      'content-type': 'application/json',
      ...(signing === undefined ? { [TOKEN_HEADER]: this.env.http.token } : {}),
    };
    const reply = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers });
    if (!reply.ok) throw new Error(`ROS endpoint refused the request: ${await reply.text()}`);
    return r.sync ? ((await reply.json()) as ResponseBody) : undefined;
  }
}
