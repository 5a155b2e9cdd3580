import type { Json } from '../../core/stepRecord.js';

/** What a template's ServiceToken tells `stack simulate` about the code to run. */
interface LocalServiceToken {
  /** Module path, relative to the template; empty when the token names no local module. */
  readonly modulePath: string;
  /** The module's export to use (`./handlers.mjs#ok` → `ok`); default `handler`, then `default`. */
  readonly exportName?: string;
  /** ROS `web[sync]:` tokens are answered in the HTTP reply. */
  readonly sync: boolean;
  /** Why the token cannot be loaded as it is (an ARN, an intrinsic function); `--handler` maps it instead. */
  readonly notLocal?: string;
}

const INTRINSIC_NAMES: Record<string, string> = {
  'Fn::GetAtt': '!GetAtt',
  Ref: '!Ref',
  'Fn::ImportValue': '!ImportValue',
  'Fn::Sub': '!Sub',
  'Fn::Join': '!Join',
};

/**
 * Read a ServiceToken: `./handlers.ts` (export `handler` or `default`), `./handlers.mjs#ok` (export `ok`),
 * ROS `web[sync]:./file.ts`. An ARN or an intrinsic function names code deployed in AWS, which the
 * simulator cannot run: the result says so, and how to map the resource to a local module.
 */
export function readServiceToken(token: Json | undefined, logicalId: string): LocalServiceToken {
  const mapIt = `stack simulate runs local handler modules: map this resource with --handler ${logicalId}=./handler.ts`;
  if (token !== null && typeof token === 'object' && !Array.isArray(token)) {
    const key = Object.keys(token)[0] ?? '';
    return { modulePath: '', sync: false, notLocal: `is ${INTRINSIC_NAMES[key] ?? key}, not a module path; ${mapIt}` };
  }
  if (typeof token !== 'string' || token.trim() === '')
    return { modulePath: '', sync: false, notLocal: `must name a handler module path; ${mapIt}` };
  if (token.startsWith('arn:'))
    return { modulePath: '', sync: false, notLocal: `is an ARN ("${token}"), not a module path; ${mapIt}` };
  const web = /^web(?:\[([^\]]*)\])?:(.*)$/.exec(token);
  const options = (web?.[1] ?? '').split(',').map((o) => o.trim());
  const target = web?.[2] ?? token;
  const hash = target.lastIndexOf('#');
  const exportName = hash < 0 ? undefined : target.slice(hash + 1);
  return {
    modulePath: hash < 0 ? target : target.slice(0, hash),
    sync: options.includes('sync'),
    ...(exportName === undefined || exportName === '' ? {} : { exportName }),
  };
}
