import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppEnvironment } from '../app/environment.js';
import { isStatebridgeError } from '../core/errors.js';
import type { InstanceStatus } from '../core/stepRecord.js';
import { sendJson } from '../adapters/http/httpServer.js';
import { ChainReader } from '../timeline/chainReader.js';
import { parseDuration } from '../timeline/durationArg.js';
import { waitingOf } from '../timeline/entryBuilder.js';
import { renderTimeline } from '../timeline/renderTimeline.js';
import { redactJson, type RedactionOptions } from '../protocol/redaction.js';

const STATUSES = new Set<string>(['active', 'answered', 'done', 'error']);
const OUTCOMES = new Set<string>(['succeeded', 'failed']);

/** `answered` is an active instance that has its answer; `active` leaves those out, as `ls` does. */
function statusFilter(status: string): { status?: InstanceStatus; settled?: boolean } {
  if (status === '') return {};
  if (status === 'active') return { status: 'active', settled: false };
  if (status === 'answered') return { status: 'active', settled: true };
  return { status: status as InstanceStatus };
}

/**
 * `GET /api/instances?machine=&status=&since=1h&correlation=&limit=&cursor=`: one page of summaries with what each
 * waits for.
 */
export async function listInstances(env: AppEnvironment, response: ServerResponse, url: URL): Promise<void> {
  const q = url.searchParams;
  const status = q.get('status') ?? '';
  if (status !== '' && !STATUSES.has(status))
    return sendJson(response, 400, {
      error: 'ValidationError',
      message: 'status: must be active, answered, done or error',
    });
  const outcome = q.get('outcome') ?? '';
  if (outcome !== '' && !OUTCOMES.has(outcome))
    return sendJson(response, 400, { error: 'ValidationError', message: 'outcome: must be succeeded or failed' });
  let since: number | undefined;
  try {
    since = q.get('since') ? env.clock.now() - parseDuration(q.get('since') ?? '', 'since') : undefined;
  } catch (error) {
    return sendJson(response, 400, { error: 'ValidationError', message: (error as Error).message });
  }
  const limitText = q.get('limit') ?? '50';
  if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 500) {
    return sendJson(response, 400, {
      error: 'ValidationError',
      message: `limit: must be a whole number from 1 to 500, got "${limitText}"`,
    });
  }
  const limit = Number(limitText);
  const page = await env.store.listInstances({
    limit,
    ...(q.get('machine') ? { machineId: q.get('machine') ?? '' } : {}),
    ...statusFilter(status),
    ...(outcome === '' ? {} : { outcome: outcome as 'succeeded' | 'failed' }),
    ...(q.get('correlation') ? { correlationId: q.get('correlation') ?? '' } : {}),
    ...(since === undefined ? {} : { updatedSince: since }),
    ...(q.get('cursor') ? { cursor: q.get('cursor') ?? '' } : {}),
  });
  const items = await Promise.all(
    page.items.map(async (summary) => {
      const head = await env.store.readHead(summary.instanceId);
      return {
        ...summary,
        tags: head?.tags ?? [],
        waiting: head === undefined ? null : redactJson(waitingOf(head) as never, { secretKeys: head.redact ?? [] }),
      };
    }),
  );
  sendJson(response, 200, {
    now: env.clock.now(),
    items,
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  });
}

/**
 * `GET /api/instances/:id/timeline[?chain=1]`: newline-delimited JSON, streamed as the store is read:
 * a `meta` line, one `entry` line per event, then one `current` line per instance.
 */
export async function streamTimeline(
  env: AppEnvironment,
  request: IncomingMessage,
  response: ServerResponse,
  id: string,
  chain: boolean,
  redactionFor: (machineId: string) => RedactionOptions,
): Promise<void> {
  const head = await env.store.readHead(id);
  if (head === undefined) return sendJson(response, 404, { error: 'NotFound', message: `no instance with id "${id}"` });
  response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  const write = (text: string): Promise<void> | void => {
    if (response.destroyed) throw new Error('client went away');
    if (response.write(text)) return;
    return new Promise((resolve) => response.once('drain', resolve));
  };
  const meta = {
    kind: 'meta',
    instanceId: id,
    machine: head.machine,
    correlationId: head.links.correlationId,
    status: head.state.status,
    about: head.about ?? null,
  };
  await write(`${JSON.stringify({ ...meta, now: env.clock.now() })}\n`);
  try {
    await renderTimeline(new ChainReader(env.store, id, { chain, redactionFor }), write, {
      json: true,
      now: () => env.clock.now(),
    });
  } catch (error) {
    if (!request.destroyed && !isStatebridgeError(error))
      await write(`${JSON.stringify({ kind: 'error', message: (error as Error).message })}\n`);
  }
  response.end();
}
