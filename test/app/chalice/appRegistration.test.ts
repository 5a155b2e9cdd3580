import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import { Blueprint } from '../../../src/app/chalice/blueprint.js';
import { Cron, Rate } from '../../../src/app/chalice/scheduleExpressions.js';
import { refusal } from './registrationRefusal.js';

describe('Rate and Cron', () => {
  it('write the expressions EventBridge takes, singular for one unit', () => {
    expect(new Rate(5, Rate.MINUTES).toExpression()).toBe('rate(5 minutes)');
    expect(new Rate(1, Rate.HOURS).toExpression()).toBe('rate(1 hour)');
    expect(new Rate(2, Rate.DAYS).toExpression()).toBe('rate(2 days)');
    expect(new Cron(15, 10, '?', '*', '6L', '2002-2005').toExpression()).toBe('cron(15 10 ? * 6L 2002-2005)');
  });

  it('refuse a bad value where it is written, naming the field', () => {
    expect(refusal(() => new Rate(0, Rate.MINUTES)).issues[0]?.path).toBe('value');
    expect(refusal(() => new Cron(61, 10, '?', '*', '*', '*')).message).toMatch(/minutes/);
  });
});

describe('App registration', () => {
  it("names a function after its handler unless a name is given, a blueprint's with its prefix", () => {
    const app = new App('media');
    app.schedule(new Rate(5, Rate.MINUTES), function everyFive() {});
    app.onSqsMessage({ queue: 'jobs', name: 'worker' }, () => undefined);
    const admin = new Blueprint('admin');
    admin.lambdaFunction(function report() {
      return 'ok';
    });
    app.registerBlueprint(admin, { namePrefix: 'admin_' });
    expect(app.registrations.map((r) => [r.name, r.source.kind])).toEqual([
      ['everyFive', 'schedule'],
      ['worker', 'sqs'],
      ['admin_report', 'lambda'],
    ]);
    expect(app.registration('worker')?.source).toMatchObject({ batchSize: 1, visibilityTimeoutSeconds: 30 });
  });

  it('refuses a duplicate name, naming both places', () => {
    const app = new App('media');
    app.onSnsMessage({ topic: 'alerts' }, function notify() {});
    const error = refusal(() => app.onS3Event({ bucket: 'img' }, function notify() {}));
    expect(error.message).toMatch(/app\.onS3Event at .*appRegistration\.test\.ts:\d+:\d+/);
    expect(error.message).toMatch(/already the name of app\.onSnsMessage at .*appRegistration\.test\.ts:\d+:\d+/);
  });

  it('refuses an anonymous handler without a name', () => {
    expect(refusal(() => new App('media').lambdaFunction(() => 1)).issues).toEqual([
      { path: 'name', rule: 'is required when the handler has no function name of its own' },
    ]);
  });

  it.each([
    ['schedule', (app: App) => app.schedule('rate(5 minute)', function a() {}), /rate|unit|minute/],
    ['pattern', (app: App) => app.onCwEvent({ source: 'aws.s3' }, function b() {}), /source/],
    [
      'bucket filter',
      (app: App) => app.onS3Event({ bucket: 'img', events: ['s3:Created'] }, function c() {}),
      /events\[0\]/,
    ],
    [
      'bucket name',
      (app: App) => app.onS3Event({ bucket: 'Img_Bucket' }, function d() {}),
      /bucket: must be a bucket name/,
    ],
    [
      'batch size',
      (app: App) => app.onSqsMessage({ queue: 'jobs', batchSize: 11 }, function e() {}),
      /batchSize: over 10/,
    ],
    [
      'fifo batch',
      (app: App) =>
        app.onSqsMessage({ queue: 'jobs.fifo', batchSize: 20, maximumBatchingWindowInSeconds: 5 }, function f() {}),
      /batchSize: must be an integer from 1 to 10/,
    ],
    [
      'visibility',
      (app: App) => app.onSqsMessage({ queue: 'jobs', timeoutSeconds: 60 }, function g() {}),
      /visibilityTimeoutSeconds: must be at least the function timeout \(60 s\)/,
    ],
    [
      'stream batch',
      (app: App) => app.onKinesisMessage({ stream: 'clicks', batchSize: 0 }, function h() {}),
      /batchSize/,
    ],
    ['stream arn', (app: App) => app.onDynamodbMessage({ streamArn: 'table/t' }, function i() {}), /streamArn/],
    ['topic', (app: App) => app.onSnsMessage({ topic: 'a b' }, function j() {}), /topic/],
    ['function setting', (app: App) => app.lambdaFunction(function k() {}, { timeoutSeconds: 901 }), /timeoutSeconds/],
  ])('refuses a malformed %s at registration, naming the field and the rule', (_what, register, message) => {
    const app = new App('media');
    const error = refusal(() => register(app));
    expect(error.message).toMatch(message);
    expect(app.registrations).toHaveLength(0);
  });
});
