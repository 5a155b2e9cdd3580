import { jsonReply, requestId, startProtocolServer, type ProtocolServer } from './protocolServer.js';

/** A PutEvents entry as it arrives on the wire (AWS JSON 1.1: `Time` is epoch seconds). */
export interface WireEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: string[];
  readonly Time?: number;
  readonly EventBusName?: string;
}

/** An event the server accepted, with the id it assigned. */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly entry: WireEntry;
}

/** Decide that one entry fails: its error code and message, or undefined to accept it. */
export type EntryFailure = (entry: WireEntry, call: number) => { ErrorCode: string; ErrorMessage: string } | undefined;

/** A local EventBridge speaking AWS JSON 1.1 (`X-Amz-Target: AWSEvents.PutEvents`). */
export interface EventBridgeServer extends ProtocolServer {
  readonly events: AcceptedEvent[];
  /** Per-entry failures for the calls to come (FailedEntryCount and ErrorCode in the answer). */
  entryFailure: EntryFailure | undefined;
  /** The entries of every PutEvents call, in call order. */
  calls(): WireEntry[][];
}

const MAX_ENTRIES = 10;
// EventBridge's PutEvents limit since 2026-01-29 (it was 256 KB).
const MAX_BYTES = 1024 * 1024;

/** Start a local EventBridge on 127.0.0.1 that refuses calls over 10 entries or 1 MB, as AWS does. */
export async function startEventBridgeServer(): Promise<EventBridgeServer> {
  const events: AcceptedEvent[] = [];
  let putCalls = 0;
  // The handler reads the failure hook from the returned object, so tests can set it at any time.
  const state: { entryFailure: EntryFailure | undefined } = { entryFailure: undefined };
  const server = await startProtocolServer(() => ({
    operationOf: (request) => String(request.headers['x-amz-target'] ?? '').replace(/^AWSEvents\./, ''),
    error: (status, type, message) => jsonReply(status, { __type: type, message }),
    handle(operation, body) {
      if (operation !== 'PutEvents') return jsonReply(400, { __type: 'UnknownOperationException', message: operation });
      const entries = (JSON.parse(body) as { Entries?: WireEntry[] }).Entries ?? [];
      if (entries.length < 1 || entries.length > MAX_ENTRIES) {
        return jsonReply(400, {
          __type: 'ValidationException',
          message:
            `1 validation error detected: Value at 'entries' failed to satisfy ` +
            `constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
        });
      }
      const bytes = entries.reduce((sum, e) => sum + entryBytes(e), 0);
      if (bytes > MAX_BYTES)
        return jsonReply(400, {
          __type: 'ValidationException',
          message: `Total size of the entries in the request is over the limit (${bytes} bytes).`,
        });
      putCalls += 1;
      const results = entries.map((entry) => {
        const failure = malformed(entry) ?? state.entryFailure?.(entry, putCalls);
        if (failure !== undefined) return failure;
        const eventId = requestId();
        events.push({ eventId, entry });
        return { EventId: eventId };
      });
      return jsonReply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
    },
  }));
  return Object.defineProperties(server, {
    events: { value: events },
    entryFailure: {
      get: () => state.entryFailure,
      set: (value: EntryFailure | undefined) => void (state.entryFailure = value),
    },
    calls: { value: () => calls(server) },
  }) as EventBridgeServer;
}

function calls(server: ProtocolServer): WireEntry[][] {
  return server.requests
    .filter((r) => r.operation === 'PutEvents')
    .map((r) => (JSON.parse(r.body) as { Entries: WireEntry[] }).Entries);
}

function malformed(entry: WireEntry): { ErrorCode: string; ErrorMessage: string } | undefined {
  try {
    const detail: unknown = JSON.parse(entry.Detail ?? '');
    if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) return undefined;
  } catch {
    // falls through to the error below
  }
  return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
}

function entryBytes(entry: WireEntry): number {
  const utf8 = (s: string | undefined): number => (s === undefined ? 0 : Buffer.byteLength(s));
  return (
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((s, r) => s + utf8(r), 0) +
    (entry.Time === undefined ? 0 : 14)
  );
}
