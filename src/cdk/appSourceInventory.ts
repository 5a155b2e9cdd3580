import type { App, Registration } from '../app/chalice/app.js';
import type { Authorizer } from '../app/chalice/http/authorizers.js';
import { ValidationError } from '../core/errors.js';
import type {
  AppApiInventory,
  AppSourceInventory,
  AppSourceSpec,
  RouteAuthorizerSpec,
  RouteCorsSpec,
} from './appSourceSpec.js';

/**
 * The sources of the installed Apps in a plain serialisable shape (the inventory crosses a bundle boundary
 * as JSON). Plain `lambdaFunction`s have no source and are left out.
 */
export function appSourcesOf(apps: readonly App[]): { apps: AppApiInventory[]; appSources: AppSourceInventory[] } {
  return {
    apps: apps.map((app) => ({ name: app.appName, binaryTypes: [...app.api.binaryTypes] })),
    appSources: apps.flatMap((app) =>
      app.registrations.flatMap((registration) => {
        const source = sourceSpecOf(app, registration);
        return source === undefined
          ? []
          : [
              {
                app: app.appName,
                function: registration.name,
                timeoutSeconds: registration.fn.config.timeoutSeconds,
                source,
              },
            ];
      }),
    ),
  };
}

function sourceSpecOf(app: App, registration: Registration): AppSourceSpec | undefined {
  const source = registration.source;
  switch (source.kind) {
    case 'lambda':
      return undefined;
    case 'schedule':
      return { kind: 'schedule', expression: source.schedule.expression, description: source.description };
    case 'cwEvent':
      return {
        kind: 'cwEvent',
        eventPattern: JSON.parse(JSON.stringify(source.eventPattern)) as Record<string, unknown>,
      };
    case 's3':
      return {
        kind: 's3',
        bucket: source.bucket,
        events: [...source.events],
        ...(source.prefix === undefined ? {} : { prefix: source.prefix }),
        ...(source.suffix === undefined ? {} : { suffix: source.suffix }),
      };
    case 'sns':
      return { kind: 'sns', topic: source.topic };
    case 'sqs':
      return {
        kind: 'sqs',
        queue: source.queue,
        batchSize: source.batchSize,
        maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds,
        visibilityTimeoutSeconds: source.visibilityTimeoutSeconds,
      };
    case 'kinesis':
    case 'dynamodb': {
      const { onFailure, ...settings } = source;
      return {
        ...settings,
        ...(onFailure === undefined
          ? {}
          : {
              onFailure:
                onFailure.kind === 'queue'
                  ? { kind: 'queue', name: onFailure.queueName }
                  : { kind: 'topic', name: onFailure.topicName },
            }),
      };
    }
    case 'route':
      return {
        kind: 'route',
        path: source.path,
        methods: [...source.methods],
        apiKeyRequired: source.apiKeyRequired,
        ...(source.cors === undefined ? {} : { cors: corsSpecOf(source.cors.accessControlHeaders(), source.cors) }),
        ...(source.authorizer === undefined
          ? {}
          : { authorizer: authorizerSpecOf(app, registration, source.authorizer) }),
      };
    case 'authorizer':
      return { kind: 'authorizer', ttlSeconds: source.authorizer.ttlSeconds, header: source.authorizer.header };
    case 'websocket':
      return { kind: 'websocket', routeKey: source.routeKey };
  }
}

function corsSpecOf(
  headers: Record<string, string>,
  cors: { allowOrigin: string; exposeHeaders: readonly string[]; maxAge?: number; allowCredentials?: boolean },
): RouteCorsSpec {
  return {
    allowOrigin: cors.allowOrigin,
    allowHeaders: (headers['Access-Control-Allow-Headers'] ?? '').split(',').filter((h) => h.length > 0),
    exposeHeaders: [...cors.exposeHeaders],
    ...(cors.maxAge === undefined ? {} : { maxAge: cors.maxAge }),
    ...(cors.allowCredentials === undefined ? {} : { allowCredentials: cors.allowCredentials }),
  };
}

function authorizerSpecOf(app: App, route: Registration, authorizer: Authorizer): RouteAuthorizerSpec {
  switch (authorizer.kind) {
    case 'builtin': {
      // The route holds the authorizer object `app.authorizer` returned; the App knows it under its final name.
      const owner = app.registrations.find((r) => r.source.kind === 'authorizer' && r.source.authorizer === authorizer);
      if (owner === undefined)
        throw new ValidationError(route.place, [
          {
            path: 'authorizer',
            rule: `the built-in authorizer "${authorizer.name}" is not registered on App "${app.appName}"`,
          },
        ]);
      return { kind: 'builtin', function: owner.name, ttlSeconds: authorizer.ttlSeconds, header: authorizer.header };
    }
    case 'custom':
      return {
        kind: 'custom',
        name: authorizer.name,
        authorizerUri: authorizer.authorizerUri,
        ttlSeconds: authorizer.ttlSeconds,
        header: authorizer.header,
      };
    case 'iam':
      return { kind: 'iam' };
    case 'cognito':
      return {
        kind: 'cognito',
        name: authorizer.name,
        providerArns: [...authorizer.providerArns],
        header: authorizer.header,
      };
  }
}
