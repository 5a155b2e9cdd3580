/** AWS requests counted by service and operation (`dynamodb.Query(byEvent)`, `lambda.Invoke`, ...). */
export type RequestCounts = Map<string, number>;

type Next = (args: { input: Record<string, unknown> }) => Promise<unknown>;
type Middleware = (next: Next, context: { commandName?: string }) => Next;
interface StackOwner {
  readonly middlewareStack: unknown;
}

/**
 * Count every request the given AWS SDK v3 clients send, through their middleware stacks (so nothing
 * is estimated). Queries are told apart by index, so the reads that remain on a path can be named.
 */
export function countAwsRequests(clients: Readonly<Record<string, StackOwner>>): RequestCounts {
  const counts: RequestCounts = new Map();
  for (const [service, client] of Object.entries(clients)) {
    const stack = client.middlewareStack as { add(middleware: Middleware, options: object): void };
    stack.add(
      (next, context) => async (args) => {
        const index = typeof args.input['IndexName'] === 'string' ? `(${args.input['IndexName']})` : '';
        const key = `${service}.${String(context.commandName).replace(/Command$/, '')}${index}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'statebridgeRequestCount' },
    );
  }
  return counts;
}

/** The counts of one service's operations, e.g. `only(counts, 'dynamodb')` → `{ PutItem: 3 }`. */
export function only(counts: RequestCounts, service: string): Record<string, number> {
  return Object.fromEntries(
    [...counts]
      .filter(([key]) => key.startsWith(`${service}.`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key.slice(service.length + 1), value]),
  );
}
