import { readSfnHistory, type SfnHistoryOptions } from '../adapters/sfn/sfnHistory.js';
import { renderTimeline } from './renderTimeline.js';
import { SfnEntryBuilder } from './sfnEntryBuilder.js';
import type { TimelineEntry } from './timelineEntry.js';

/**
 * `statebridge timeline --sfn <arn>`: read a Step Functions execution history page by page and render it
 * with the same view as a local instance.
 */
export async function renderSfnTimeline(
  executionArn: string,
  io: { readonly stdout: (text: string) => void },
  options: SfnHistoryOptions & { json?: boolean },
): Promise<number> {
  await renderTimeline(sfnEntries(executionArn, options), (text) => io.stdout(text), { json: options.json === true });
  return 0;
}

/** An entry source over a Step Functions history (read once; histories of finished executions do not grow). */
function sfnEntries(
  executionArn: string,
  options: SfnHistoryOptions = {},
): { read(): AsyncIterable<TimelineEntry>; settled(): Promise<boolean> } {
  return {
    async *read() {
      const builder = new SfnEntryBuilder(executionArn);
      for await (const event of readSfnHistory(executionArn, options)) yield builder.next(event);
    },
    settled: async () => true,
  };
}
