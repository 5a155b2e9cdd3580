/**
 * The App the shipped deployment serves next to the demo modules: one function per kind of source, so the
 * synthesized template shows what each becomes on AWS (a rule, a bucket notification, a subscription, an event
 * source mapping, a REST API method or authorizer, a websocket route). Buckets, topics, queues and streams are
 * imported by name: create them (or change the names) before deploying.
 */
import {
  App,
  AuthResponse,
  CORSConfig,
  Cron,
  IAMAuthorizer,
  Response,
  SnsDestination,
  SqsDestination,
  type AuthRequest,
  type Request,
} from '../src/index.js';

export const app = new App('media');
app.api.binaryTypes.push('image/webp');

app.schedule(new Cron(15, 10, '?', '*', 'MON-FRI', '*'), function weekdayReport(event) {
  return event.time;
});
app.onCwEvent(
  { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: [{ prefix: 'raw/' }] } } },
  function onRawObject(event) {
    return event.detail;
  },
);
app.onS3Event(
  { bucket: 'media-uploads', events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'], prefix: 'images/' },
  function resize(event) {
    return event.key;
  },
);
app.onSnsMessage({ topic: 'media-alerts' }, function notify(event) {
  return event.subject;
});
app.onSqsMessage(
  // The queue's visibility timeout must cover the ingress timeout (5 minutes by default): the mapping invokes it.
  { queue: 'media-jobs', batchSize: 10, maximumBatchingWindowInSeconds: 5, visibilityTimeoutSeconds: 300 },
  function work(event) {
    return {
      batchItemFailures: [...event].filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })),
    };
  },
);
app.onKinesisMessage(
  {
    stream: 'media-clicks',
    batchSize: 200,
    startingPosition: 'TRIM_HORIZON',
    maximumRetryAttempts: 3,
    maximumRecordAgeInSeconds: 3600,
    bisectBatchOnFunctionError: true,
    onFailure: new SqsDestination('media-clicks-failed'),
  },
  function countClicks(event) {
    return [...event].length;
  },
);
app.onDynamodbMessage(
  {
    streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/media/stream/2026-01-01T00:00:00.000',
    onFailure: new SnsDestination('media-audit-failed'),
  },
  function auditMedia(event) {
    return [...event].length;
  },
);

const tokenAuth = app.authorizer(
  function tokenAuth(request: AuthRequest) {
    if (request.token !== 'Bearer let-me-in') throw new Error('Unauthorized');
    return new AuthResponse({ routes: ['*'], principalId: 'ana' });
  },
  { ttlSeconds: 60 },
);
app.route('/media', { methods: ['GET'], cors: true }, function listMedia() {
  return { media: [] };
});
app.route(
  '/media/{key}',
  { methods: ['GET', 'PUT'], cors: new CORSConfig({ allowOrigin: 'https://media.example.com', maxAge: 600 }) },
  function mediaObject(request: Request) {
    return new Response({ key: request.uriParams?.['key'] }, { statusCode: request.method === 'PUT' ? 201 : 200 });
  },
);
app.route('/admin/stats', { methods: ['GET'], authorizer: tokenAuth, apiKeyRequired: true }, function stats() {
  return { objects: 0 };
});
app.route('/internal/reindex', { methods: ['POST'], authorizer: new IAMAuthorizer() }, function reindex() {
  return { started: true };
});

app.onWsConnect(function wsConnect() {
  return { statusCode: 200 };
});
app.onWsMessage(async function wsMessage(event) {
  await app.websocketApi.send(event.connectionId, event.body);
});
app.onWsDisconnect(function wsDisconnect() {
  return { statusCode: 200 };
});
app.lambdaFunction((event) => ({ hello: event }), { name: 'greet' });

export default app;
