import type { Json, StepRecord } from '../core/stepRecord.js';
import type { Violation } from './invariant.js';
import { groupCustomResourceStreams } from './customResourceStreams.js';
import type { CustomResourceProvider } from '../protocol/customResource/request.js';
import type { ResponseBody } from '../protocol/customResource/responseBody.js';

interface CrContext {
  readonly provider: CustomResourceProvider;
  readonly event: { readonly [key: string]: Json };
  readonly response?: ResponseBody;
  readonly decidedBy?: string;
  readonly replacedPhysicalId?: string;
  readonly cancelledBy?: string;
  readonly compensation?: string;
}

interface Request {
  readonly instanceId: string;
  readonly stream: readonly StepRecord[];
  readonly context: CrContext;
  readonly type: string;
  readonly resource: string;
  readonly startedAt: number;
}

/** A string field, or '' when the field is missing or not a string. */
const text = (value: Json | undefined): string => (typeof value === 'string' ? value : '');

function requestsOf(records: readonly StepRecord[]): Request[] {
  return [...groupCustomResourceStreams(records)].map(([instanceId, stream]) => {
    const context = stream[stream.length - 1]!.state.context as unknown as CrContext;
    const e = context.event;
    return {
      instanceId,
      stream,
      context,
      type: text(e['RequestType']),
      resource: `${context.provider}|${text(e['StackId'])}|${text(e['LogicalResourceId'])}`,
      startedAt: stream[0]!.at,
    };
  });
}

/**
 * 12 — a CloudFormation Update that answered a new id records the old one for the cleanup Delete; an unchanged id
 * records nothing.
 */
export function replacementRecorded(records: readonly StepRecord[]): Violation[] {
  const out: Violation[] = [];
  for (const r of requestsOf(records)) {
    const asked = text(r.context.event['PhysicalResourceId']);
    const answer = r.context.response;
    if (r.type !== 'Update' || answer === undefined) continue;
    const replaced = answer.Status === 'SUCCESS' && answer.PhysicalResourceId !== asked;
    if (
      replaced !== (r.context.replacedPhysicalId !== undefined) ||
      (replaced && r.context.replacedPhysicalId !== asked)
    ) {
      out.push({
        invariant: '12 replacement recorded',
        streamId: r.instanceId,
        message: `answered ${answer.PhysicalResourceId} for ${asked}, recorded ${String(r.context.replacedPhysicalId)}`,
      });
    }
  }
  return out;
}

/** 15/16 — a Delete answered without user code is SUCCESS; a Delete of an id a failed Create answered is SUCCESS. */
export function deleteTotality(records: readonly StepRecord[]): Violation[] {
  const out: Violation[] = [];
  const requests = requestsOf(records);
  for (const r of requests) {
    if (r.type !== 'Delete' || r.context.response === undefined) continue;
    const asked = text(r.context.event['PhysicalResourceId']);
    if (r.context.decidedBy === 'skipped-delete') {
      if (r.context.response.Status !== 'SUCCESS')
        out.push({
          invariant: '15 delete totality',
          streamId: r.instanceId,
          message: 'skipped Delete is not SUCCESS',
        });
      if (r.stream.some((s) => s.commands.some((c) => c.kind === 'invokeHandler')))
        out.push({
          invariant: '15 delete totality',
          streamId: r.instanceId,
          message: 'skipped Delete called the handler',
        });
    }
    const failedCreate = requests.some(
      (c) =>
        c.type === 'Create' &&
        c.resource === r.resource &&
        c.startedAt <= r.startedAt &&
        c.context.response?.Status === 'FAILED' &&
        c.context.response.PhysicalResourceId === asked,
    );
    const createdToo = requests.some(
      (c) =>
        c.resource === r.resource &&
        c.context.response?.Status === 'SUCCESS' &&
        c.context.response.PhysicalResourceId === asked &&
        c.type !== 'Delete',
    );
    if (failedCreate && !createdToo && r.context.response.Status !== 'SUCCESS') {
      out.push({
        invariant: '16 failed-create cleanup',
        streamId: r.instanceId,
        message: `Delete of failed-Create id ${asked} answered FAILED`,
      });
    }
  }
  return out;
}

/**
 * 17 — a Create that succeeded after a rollback cancelled it has its resource deleted by the runtime (requested, done
 * or failed visibly).
 */
export function cancelledCreateCompensated(records: readonly StepRecord[]): Violation[] {
  const out: Violation[] = [];
  for (const r of requestsOf(records)) {
    if (
      r.type === 'Create' &&
      r.context.cancelledBy !== undefined &&
      r.context.response?.Status === 'SUCCESS' &&
      r.context.compensation === undefined
    ) {
      out.push({
        invariant: '17 cancelled create compensated',
        streamId: r.instanceId,
        message:
          `Create cancelled by ${r.context.cancelledBy} succeeded with ` +
          `nothing deleting ${r.context.response.PhysicalResourceId}`,
      });
    }
  }
  return out;
}
