import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { sourcesOfKind, type AppSourceInventory } from './appSourceSpec.js';

/**
 * What AWS would refuse at deploy time, refused at synth time instead, each issue naming the App function and the
 * field. The registration already checked each source on its own; these rules depend on the deployment.
 */
export function checkAppSources(sources: readonly AppSourceInventory[], deployment: { ingressTimeoutSeconds: number }) {
  const issues = sources.flatMap((entry): ValidationIssue[] => {
    const path = `${entry.app}.${entry.function}`;
    if (entry.source.kind === 'sqs') return visibilityIssues(path, entry.source, deployment.ingressTimeoutSeconds);
    if (entry.source.kind === 'cwEvent') return patternIssues(path, entry.source.eventPattern);
    if (entry.source.kind === 'route' && entry.source.authorizer?.kind === 'custom')
      return authorizerUriIssues(path, entry.source.authorizer.authorizerUri);
    return [];
  });
  issues.push(...notificationOverlapIssues(sources));
  if (issues.length > 0) throw new ValidationError('statebridge app sources', issues);
}

interface NotificationConfig {
  readonly path: string;
  readonly owner: string;
  readonly bucket: string;
  readonly event: string;
  readonly prefix: string;
  readonly suffix: string;
}

/**
 * S3 refuses two notification configurations of one bucket that share an event type and whose prefix and suffix
 * filters overlap ("Configurations overlap"), so the whole deployment would fail; each event type of a registration
 * is one configuration.
 */
function notificationOverlapIssues(sources: readonly AppSourceInventory[]): ValidationIssue[] {
  const configs: NotificationConfig[] = sourcesOfKind(sources, 's3').flatMap(({ app, function: fn, source }) =>
    source.events.map((event, i) => ({
      path: `${app}.${fn}.events[${i}]`,
      owner: `${app}.${fn}`,
      bucket: source.bucket,
      event,
      prefix: source.prefix ?? '',
      suffix: source.suffix ?? '',
    })),
  );
  const issues: ValidationIssue[] = [];
  configs.forEach((config, i) => {
    const other = configs.slice(0, i).find((earlier) => overlap(earlier, config));
    if (other !== undefined)
      issues.push({
        path: config.path,
        rule:
          `${config.event} on bucket ${config.bucket} overlaps ${other.event} of ${other.owner} (S3 refuses two ` +
          'notifications sharing an event type whose prefix and suffix filters overlap); narrow a prefix or suffix',
      });
  });
  return issues;
}

function overlap(a: NotificationConfig, b: NotificationConfig): boolean {
  const category = (event: string) => event.split(':').slice(0, 2).join(':');
  const events =
    a.event === b.event ||
    (category(a.event) === category(b.event) && (a.event.endsWith(':*') || b.event.endsWith(':*')));
  return (
    a.bucket === b.bucket &&
    events &&
    (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
    (a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix))
  );
}

/**
 * Lambda refuses a mapping from a queue whose visibility timeout is below the timeout of the function it invokes:
 * that function is the ingress (through the alias), which waits for the App function's whole attempt.
 */
function visibilityIssues(
  path: string,
  source: { queue: string; visibilityTimeoutSeconds: number },
  ingressTimeoutSeconds: number,
): ValidationIssue[] {
  if (source.visibilityTimeoutSeconds >= ingressTimeoutSeconds) return [];
  return [
    {
      path: `${path}.visibilityTimeoutSeconds`,
      rule:
        `queue ${source.queue}'s visibility timeout (${source.visibilityTimeoutSeconds} s) must be at least the ` +
        `ingress timeout (${ingressTimeoutSeconds} s), which the queue's mapping invokes and which waits for the ` +
        "function; raise the queue's visibility timeout and state it in the registration, or lower ingressTimeout",
    },
  ];
}

/**
 * The function ARN inside a Lambda authorizer URI
 * (`arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`), if it is one.
 */
export function functionArnOfAuthorizerUri(authorizerUri: string): string | undefined {
  return /^arn:[^:]+:apigateway:[^:]+:lambda:path\/[^/]+\/functions\/(arn:[^/]+:lambda:[^/]+)\/invocations$/.exec(
    authorizerUri,
  )?.[1];
}

function authorizerUriIssues(path: string, authorizerUri: string): ValidationIssue[] {
  if (functionArnOfAuthorizerUri(authorizerUri) !== undefined) return [];
  return [
    {
      path: `${path}.authorizer.authorizerUri`,
      rule:
        'must be a Lambda authorizer URI, arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/' +
        `<function ARN>/invocations; got ${authorizerUri}`,
    },
  ];
}

/** CDK renames a top-level `detailType` to `detail-type`, so a pattern naming `detailType` would change meaning. */
function patternIssues(path: string, pattern: Readonly<Record<string, unknown>>): ValidationIssue[] {
  return Object.hasOwn(pattern, 'detailType')
    ? [
        {
          path: `${path}.eventPattern.detailType`,
          rule: 'EventBridge events have no top-level "detailType"; the field is "detail-type"',
        },
      ]
    : [];
}

/**
 * The registration's EventBridge pattern (JSON keys) as CDK's `EventPattern` (camelCase keys, which CDK renders
 * back): only `detail-type` is spelt differently; every other key, `detail` and content filters included, is kept
 * as written, because CDK passes them through unchanged.
 */
export function cdkEventPatternOf(pattern: Readonly<Record<string, unknown>>): EventPattern {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) out[key === 'detail-type' ? 'detailType' : key] = value;
  return out;
}
