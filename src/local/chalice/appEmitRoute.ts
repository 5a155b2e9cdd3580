import { readBody, sendJson } from '../../adapters/http/httpServer.js';
import { ValidationError } from '../../core/errors.js';
import type { StepRecord } from '../../core/stepRecord.js';
import type { Router } from '../../ports/router.js';
import type { RuleBus } from '../../ports/ruleBus.js';
import { parseInput } from '../../protocol/validate.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { AppRunner } from './appRunner.js';
import { deliveryFunctionOf, deliverySourceOf } from './deliverySource.js';
import { EMIT_PATH, emitRequestSchema, type EmitRequest, type EmitResult } from './emitRequest.js';
import { emitTableChange, tableStreamArnOf } from './emitTableChange.js';

/** What the emit route feeds: the running App, its runtime and bus, and who to tell that a queue has work. */
export interface EmitTarget {
  readonly runner: AppRunner;
  readonly runtime: Runtime;
  readonly bus: RuleBus;
  /** Called after a message or record is queued, so the timer loop plans its batching window or poll. */
  readonly onQueued?: () => void;
}

/**
 * Mount `POST /app/emit` (JSON, process token): `statebridge emit` feeds a running App through it. The
 * answer names what was raised and the invocations it started while the request ran.
 */
export function mountEmitRoute(router: Router, target: EmitTarget): void {
  router.route('POST', EMIT_PATH, async (request, response, url) => {
    if (url.pathname !== EMIT_PATH) return false;
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new ValidationError('emit request', [{ path: 'body', rule: 'must be a JSON object' }]);
    }
    sendJson(response, 200, await emit(target, parseInput(emitRequestSchema, body, 'emit request')));
    return true;
  });
}

/** Raise one event and report the invocations that started from it during the call. */
export async function emit(target: EmitTarget, request: EmitRequest): Promise<EmitResult> {
  const source = sourceNameOf(target.runner, request);
  const started: { requestId: string; functionName: string }[] = [];
  const stop = target.runtime.onStep((record: StepRecord) => {
    const delivered = record.version === 1 ? deliverySourceOf(record) : undefined;
    // A bus event reaches every rule that matches it: each records its own `events:<rule>`.
    const ours = request.kind === 'cw-event' ? delivered?.startsWith('events:') : delivered === source;
    if (ours !== true) return;
    started.push({ requestId: record.streamId, functionName: deliveryFunctionOf(record) ?? '?' });
  });
  try {
    const raised = await raise(target, request);
    return { source, raised, invocations: started };
  } finally {
    stop();
  }
}

function sourceNameOf(runner: AppRunner, request: EmitRequest): string {
  switch (request.kind) {
    case 's3':
      return `s3:${request.bucket}`;
    case 'sqs':
      return `sqs:${request.queue}`;
    case 'sns':
      return `sns:${request.topic}`;
    case 'kinesis':
      return `kinesis:${request.stream}`;
    case 'dynamodb':
      return `dynamodb:${tableStreamArnOf(runner, request.table)}`;
    case 'cw-event':
      // Each matching rule records its own `events:<rule>`; the answer names the event's source instead.
      return `bus event from ${request.source}`;
  }
}

async function raise(target: EmitTarget, request: EmitRequest): Promise<string> {
  const { runner } = target;
  switch (request.kind) {
    case 's3':
      await runner.bucket.putObject(request.bucket, request.key, Buffer.from(request.bodyBase64, 'base64'));
      return `${request.bucket}/${request.key}`;
    case 'sqs': {
      if (request.queue.endsWith('.fifo') !== (request.group !== undefined))
        throw new ValidationError('emit request', [
          { path: 'group', rule: 'is required for a FIFO queue (name ending .fifo) and refused for any other' },
        ]);
      const { messageId } = await runner.queue.send(request.queue, { body: request.body });
      target.onQueued?.();
      return messageId;
    }
    case 'sns':
      await runner.publish(request.topic, request.message, request.subject);
      return `a message to ${request.topic}`;
    case 'kinesis': {
      const { shardId, sequenceNumber } = runner.putRecord(request.stream, {
        data: request.data,
        partitionKey: request.partitionKey,
      });
      // Answered once kept (a stream kept in the log makes a record readable only then).
      await runner.streams.kept();
      target.onQueued?.();
      return `${shardId} sequence ${sequenceNumber}`;
    }
    case 'dynamodb': {
      const raised = await emitTableChange(runner, request);
      target.onQueued?.();
      return raised;
    }
    case 'cw-event': {
      const result = await target.bus.putEvents([
        { Source: request.source, DetailType: request.detailType, Detail: JSON.stringify(request.detail) },
      ]);
      const entry = result.entries[0];
      if (entry === undefined || !('eventId' in entry))
        throw new ValidationError('emit request', [
          { path: 'detail', rule: `was not accepted by the bus: ${entry?.errorMessage ?? 'no answer'}` },
        ]);
      return entry.eventId;
    }
  }
}
