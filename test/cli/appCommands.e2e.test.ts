import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedAppProcess } from './support/appProcess.js';
import { runCli } from './support/runCli.js';

const APP = 'test/cli/fixtures/cliApp.ts';

const cli = runCli;

const { dir, db, running: app } = sharedAppProcess('sb-app-cli-', APP);

/** The ids `ls --source` lists, asked again until `want` is among them (a queue batch starts on its own). */
async function deliveriesOf(source: string, want: (ids: string[]) => boolean): Promise<string[]> {
  for (;;) {
    const { code, stdout, stderr } = await cli('ls', '--db', db, '--source', source, '--json');
    expect(code, stderr).toBe(0);
    const ids = (JSON.parse(stdout) as { items: { instanceId: string }[] }).items.map((i) => i.instanceId);
    if (want(ids)) return ids;
  }
}

const startedIds = (stdout: string) => [...stdout.matchAll(/^ {2}started (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);

describe('statebridge start --app, emit and ls --source', () => {
  it('prints each function of the App with its source', () => {
    expect(app().output()).toContain(`app cliapp from ${APP}: 7 function(s)`);
    expect(app().output()).toMatch(/daily\s+← schedule rate\(1 day\)/);
    expect(app().output()).toMatch(/resize\s+← s3:img s3:ObjectCreated:\* \(prefix images\/\)/);
    expect(app().output()).toMatch(/work\s+← sqs:jobs \(batch 1/);
    expect(app().output()).toMatch(/notify\s+← sns:alerts/);
    expect(app().output()).toMatch(/onTest\s+← event pattern \{"source":\["cli.test"\]\}/);
    expect(app().output()).toMatch(/count\s+← kinesis:clicks \(batch 100, LATEST\)/);
    expect(app().output()).toMatch(/hello\s+← http:GET \/hello\/\{name\}/);
  });

  it("serves the App's routes on its own port, each request a delivery ls --source finds", async () => {
    const api = /api: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(app().output())?.[1];
    expect(api).toBeDefined();
    const response = await fetch(`${api}/hello/ana`);
    expect(await response.json()).toEqual({ hello: 'ana' });
    expect(await deliveriesOf('http:GET /hello/{name}', (ids) => ids.length > 0)).toHaveLength(1);
  });

  it('puts a Kinesis record that the stream delivers on its own, listed under kinesis:clicks', async () => {
    const emitted = await cli(
      'emit',
      'kinesis',
      '--db',
      db,
      '--stream',
      'clicks',
      '--data',
      'hi',
      '--partition-key',
      'u',
    );
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(emitted.stdout).toMatch(/raised kinesis:clicks: shardId-000000000000 sequence \d+/);
    const ids = await deliveriesOf('kinesis:clicks', (found) => found.length === 1);
    expect(await deliveriesOf('sqs:jobs', () => true)).not.toContain(ids[0]);
  });

  it('raises an S3 upload from another process, and ls --source lists that delivery only', async () => {
    const body = join(dir, 'a.jpg');
    writeFileSync(body, 'bytes');
    const emitted = await cli('emit', 's3', '--db', db, '--bucket', 'img', '--key', 'images/a.jpg', '--body', body);
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(emitted.stdout).toContain('raised s3:img: img/images/a.jpg');
    const [[fn, id] = []] = startedIds(emitted.stdout);
    expect(fn).toBe('resize');
    expect(await deliveriesOf('s3:img', (ids) => ids.length > 0)).toEqual([id]);
    // Outside the prefix: the upload is stored, no function runs.
    const other = await cli('emit', 's3', '--db', db, '--bucket', 'img', '--key', 'docs/b.txt');
    expect(other.stdout).toContain('no invocation began');
    expect(startedIds(other.stdout)).toEqual([]);
  });

  it('queues an SQS message that the queue delivers on its own, listed under sqs:jobs', async () => {
    const emitted = await cli('emit', 'sqs', '--db', db, '--queue', 'jobs', '--body', 'hello');
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(emitted.stdout).toContain('raised sqs:jobs:');
    const ids = await deliveriesOf('sqs:jobs', (found) => found.length === 1);
    const timeline = await cli('timeline', ids[0]!, '--db', db);
    expect(timeline.stdout).toContain('hello');
    expect(await deliveriesOf('s3:img', () => true)).not.toContain(ids[0]);
  });

  it('publishes to a topic and puts a bus event, each naming the invocation it started', async () => {
    const sns = await cli('emit', 'sns', '--db', db, '--topic', 'alerts', '--message', 'disk full', '--subject', 'S');
    expect(startedIds(sns.stdout).map(([fn]) => fn)).toEqual(['notify']);
    const snsId = startedIds(sns.stdout)[0]?.[1];
    expect(await deliveriesOf('sns:alerts', (ids) => ids.length > 0)).toEqual([snsId]);
    const event = await cli(
      'emit',
      'cw-event',
      '--db',
      db,
      '--source',
      'cli.test',
      '--detail-type',
      'Checked',
      '--detail',
      '{"ok":true}',
    );
    expect(startedIds(event.stdout).map(([fn]) => fn)).toEqual(['onTest']);
    const eventId = startedIds(event.stdout)[0]?.[1];
    expect(await deliveriesOf('cw-event:cliapp-onTest', (ids) => ids.length > 0)).toEqual([eventId]);
  });

  it('refuses bad flags with exit 2, naming the flag and the rule', async () => {
    const missing = await cli('emit', 'sqs', '--db', db, '--queue', 'jobs');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--body: is required for emit sqs');
    const stray = await cli('emit', 'sns', '--db', db, '--topic', 'alerts', '--message', 'm', '--bucket', 'img');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--bucket: is not an option of emit sns');
    const detail = await cli('emit', 'cw-event', '--db', db, '--source', 's', '--detail-type', 't', '--detail', '[1]');
    expect(detail.code).toBe(2);
    expect(detail.stderr).toContain('--detail: must be a JSON object');
    const kind = await cli('emit', 'ftp', '--db', db);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('<kind>: must be one of s3, sqs, sns, kinesis, dynamodb, cw-event, got "ftp"');
    const fifo = await cli('emit', 'sqs', '--db', db, '--queue', 'jobs', '--body', 'x', '--group', 'g');
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain('group: is required for a FIFO queue');
  });

  it('refuses an emit without the token of the running process', async () => {
    writeFileSync(`${db}.token`, 'not-the-token-of-this-process\n');
    const refused = await cli('emit', 'sqs', '--db', db, '--queue', 'jobs', '--body', 'x');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('401');
  });

  it('refuses a --source that is not <kind>:<name>', async () => {
    const { code, stderr } = await cli('ls', '--db', db, '--source', 'jobs');
    expect(code).toBe(1);
    expect(stderr).toContain('--source: must be <kind>:<name>');
  });
});
