/**
 * One name per App source, as `ls --source` takes it and the stores index deliveries by: the trigger's
 * source as recorded (`sqs:jobs`, `s3:img`, `schedule:media-everyFive`), except three in Chalice's words:
 * `cw-event:<rule>` for EventBridge's `events:<rule>`, `ws:<route key>` for `websocket:<route key>`, and
 * `http:<METHOD> <path>` for a route of any app's API (recorded as `api:<app>` with the route as rule).
 */
export function deliverySourceKey(trigger: { readonly source: string; readonly rule?: string }): string {
  const [kind, rest] = splitOnce(trigger.source);
  if (kind === 'events') return `cw-event:${rest}`;
  if (kind === 'websocket') return `ws:${rest}`;
  if (kind === 'api' && trigger.rule !== undefined) return `http:${trigger.rule}`;
  return trigger.source;
}

/**
 * The key a `--source` name selects by, or undefined for `api:<app>` (every route of one app), which
 * names no single key. Recorded spellings (`events:<rule>`, `websocket:<key>`) select what their keys do.
 */
export function sourceKeyOfName(name: string): string | undefined {
  const [kind] = splitOnce(name);
  if (kind === 'api') return undefined;
  return deliverySourceKey({ source: name });
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf(':');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
