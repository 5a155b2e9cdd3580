import { ValidationError } from '../../core/errors.js';

/** Where a ROS custom resource request goes, as its ServiceToken names it. */
export type RosServiceToken =
  | {
      readonly kind: 'fc';
      readonly region: string;
      readonly account: string;
      readonly service?: string;
      readonly functionName: string;
    }
  | {
      readonly kind: 'mns-queue' | 'mns-topic';
      readonly region: string;
      readonly account: string;
      readonly name: string;
    }
  | { readonly kind: 'http'; readonly url: string; readonly sync: boolean; readonly idempotent: boolean };

const MAX_TOKEN_LENGTH = 512;
const FC = /^acs:fc:([a-z0-9-]+):(\d+):(?:services\/([^/]+)\/)?functions\/([^/]+)$/;
const MNS = /^acs:mns:([a-z0-9-]+):(\d+):\/?(queues|topics)\/([^/]+)$/;
const WEB = /^web(?:\[([^\]]*)\])?:(.*)$/s;

const invalid = (rule: string) => new ValidationError('ROS ServiceToken', [{ path: 'ServiceToken', rule }]);

/**
 * Parse a ROS ServiceToken: `acs:fc:...` (FC 2.0 or 3.0), `acs:mns:...:queues/...`, `acs:mns:...:topics/...`
 * or `web[sync,idempotent]:https://...`. Throws a ValidationError saying which rule the token broke.
 * @example
 * parseRosServiceToken('web[sync]:https://example.com/hook'); // { kind: 'http', sync: true, idempotent: false, ... }
 */
export function parseRosServiceToken(token: string): RosServiceToken {
  if (token.length === 0) throw invalid('must not be empty');
  if (token.length > MAX_TOKEN_LENGTH)
    throw invalid(`must be at most ${MAX_TOKEN_LENGTH} characters, got ${token.length}`);
  if (token.startsWith('acs:fc:')) {
    const m = FC.exec(token);
    if (m === null) throw invalid('an FC token is acs:fc:<region>:<account>:[services/<service>/]functions/<function>');
    return {
      kind: 'fc',
      region: m[1]!,
      account: m[2]!,
      ...(m[3] === undefined ? {} : { service: m[3] }),
      functionName: m[4]!,
    };
  }
  if (token.startsWith('acs:mns:')) {
    const m = MNS.exec(token);
    if (m === null) throw invalid('an MNS token is acs:mns:<region>:<account>:queues/<queue> or ...:topics/<topic>');
    return { kind: m[3] === 'queues' ? 'mns-queue' : 'mns-topic', region: m[1]!, account: m[2]!, name: m[4]! };
  }
  const web = WEB.exec(token);
  if (web === null) throw invalid('must start with acs:fc:, acs:mns: or web[options]:');
  const options = (web[1] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  const unknown = options.filter((o) => o !== 'sync' && o !== 'idempotent');
  if (unknown.length > 0) throw invalid(`unknown web option(s) ${unknown.join(', ')}; allowed: sync, idempotent`);
  const url = web[2] ?? '';
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw invalid('a web token needs an http:// or https:// URL after the colon');
  return { kind: 'http', url, sync: options.includes('sync'), idempotent: options.includes('idempotent') };
}
