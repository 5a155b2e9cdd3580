import type { SourceSpec } from '../app/chalice/registration.js';

/**
 * The App sources as the deployment reads them: plain JSON, because the inventory is computed in a bundle of the
 * user's app and crosses back as data.
 */

/** A route's authorizer as the deployment wires it: a built-in one names the App function that runs it. */
export type RouteAuthorizerSpec =
  | { readonly kind: 'builtin'; readonly function: string; readonly ttlSeconds: number; readonly header: string }
  | {
      readonly kind: 'custom';
      readonly name: string;
      readonly authorizerUri: string;
      readonly ttlSeconds: number;
      readonly header: string;
    }
  | { readonly kind: 'iam' }
  | {
      readonly kind: 'cognito';
      readonly name: string;
      readonly providerArns: readonly string[];
      readonly header: string;
    };

/** A route's CORS setting, with Chalice's default allowed headers already merged in. */
export interface RouteCorsSpec {
  readonly allowOrigin: string;
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge?: number;
  readonly allowCredentials?: boolean;
}

/** A Kinesis or DynamoDB stream source's mapping settings. */
export interface StreamSourceSpec<K extends 'kinesis' | 'dynamodb'> {
  readonly kind: K;
  /** A Kinesis stream's name, a DynamoDB stream's ARN. */
  readonly stream: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeInSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly onFailure?: { readonly kind: 'queue' | 'topic'; readonly name: string };
}

/** What starts an App function, as plain JSON the construct reads at synth time. */
export type AppSourceSpec =
  | { readonly kind: 'schedule'; readonly expression: string; readonly description: string }
  | { readonly kind: 'cwEvent'; readonly eventPattern: Readonly<Record<string, unknown>> }
  // Already plain JSON in the registration: the same shape.
  | Extract<SourceSpec, { readonly kind: 's3' | 'sns' }>
  // The registration's, without the redrive policy: on AWS that is the queue's own, not the mapping's.
  | Omit<Extract<SourceSpec, { readonly kind: 'sqs' }>, 'redrive'>
  | StreamSourceSpec<'kinesis'>
  | StreamSourceSpec<'dynamodb'>
  | {
      readonly kind: 'route';
      readonly path: string;
      readonly methods: readonly string[];
      readonly cors?: RouteCorsSpec;
      readonly authorizer?: RouteAuthorizerSpec;
      readonly apiKeyRequired: boolean;
    }
  | { readonly kind: 'authorizer'; readonly ttlSeconds: number; readonly header: string }
  | { readonly kind: 'websocket'; readonly routeKey: '$connect' | '$default' | '$disconnect' };

/** One App function with a source: the App, the function's registered name and timeout, and the source. */
export interface AppSourceInventory {
  readonly app: string;
  readonly function: string;
  readonly timeoutSeconds: number;
  readonly source: AppSourceSpec;
}

/** An App's own API settings. */
export interface AppApiInventory {
  readonly name: string;
  readonly binaryTypes: readonly string[];
}

/** A source entry narrowed to one kind. */
export type SourceOf<K extends AppSourceSpec['kind']> = AppSourceInventory & {
  readonly source: Extract<AppSourceSpec, { kind: K }>;
};

/** The entries of one kind. */
export function sourcesOfKind<K extends AppSourceSpec['kind']>(
  sources: readonly AppSourceInventory[],
  kind: K,
): SourceOf<K>[] {
  return sources.filter((s): s is SourceOf<K> => s.source.kind === kind);
}
