import { CUSTOM_RESOURCE_MACHINE_ID } from '../../machines/customResource/customResource.definition.js';
import type { StepRecord } from '../core/stepRecord.js';

/** Records of custom resource instances grouped by instance, in version order. */
export function groupCustomResourceStreams(records: readonly StepRecord[]): Map<string, StepRecord[]> {
  const streams = new Map<string, StepRecord[]>();
  for (const record of records) {
    if (record.machine.id !== CUSTOM_RESOURCE_MACHINE_ID) continue;
    const list = streams.get(record.streamId) ?? [];
    list.push(record);
    streams.set(record.streamId, list);
  }
  for (const list of streams.values()) list.sort((a, b) => a.version - b.version);
  return streams;
}
