// statebridge/timeline — inspecting what ran: timeline entries built from a stream's records, chains of
// instances read across causation links, text and JSON rendering, Mermaid diagrams of a machine with the
// current state highlighted, instance summaries, and the redaction applied before anything is shown.
export { EntryBuilder } from './entryBuilder.js';
export type { EntryCommand, EntryTimer, TimelineEntry, Waiting } from './timelineEntry.js';
export { ChainReader } from './chainReader.js';
export type { TimelineReadOptions } from './chainReader.js';
export { renderTimeline } from './renderTimeline.js';
export type { EntrySource, RenderOptions } from './renderTimeline.js';
export { toMermaid } from './mermaidGraph.js';
export type { GraphHighlight } from './mermaidGraph.js';
export { summarize } from '../core/stepRecord.js';
export type { InstanceSummary } from '../core/stepRecord.js';
export { containsNoEcho, redactJson, redactRecord, redactUrl, REDACTED } from '../protocol/redaction.js';
export type { RedactionOptions } from '../protocol/redaction.js';
export { redactCustomResource } from '../protocol/redaction.js';
