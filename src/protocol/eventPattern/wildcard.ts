/**
 * EventBridge `wildcard` filters: `*` stands for any run of characters (also none), `\*` is a literal
 * star and `\\` a literal backslash. Any other backslash, and `**`, make the pattern invalid.
 */

/** Why a wildcard pattern is invalid, or undefined when it is valid. */
export function wildcardProblem(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') return `invalid escape at position ${i + 1}: only \\* and \\\\ are allowed`;
      i++;
    } else if (char === '*' && pattern[i + 1] === '*') {
      return `consecutive wildcard characters at position ${i + 1}`;
    }
  }
  // EventBridge refuses patterns whose matching machine would grow too large; a cap on the number
  // of wildcards is the rule observable from outside (six or more are refused).
  if (literalSegments(pattern).length - 1 > MAX_WILDCARDS) {
    return `rule is too complex: at most ${MAX_WILDCARDS} wildcard characters are allowed`;
  }
  return undefined;
}

/** The most `*` a single wildcard value may hold before EventBridge calls it too complex. */
const MAX_WILDCARDS = 5;

/** True when `value` matches the (valid) wildcard `pattern` in full. */
export function matchesWildcard(pattern: string, value: string): boolean {
  return segmentsMatch(literalSegments(pattern), value);
}

/** A test for one wildcard `pattern`, with its escapes resolved once rather than on every value. */
export function compileWildcard(pattern: string): (value: string) => boolean {
  const segments = literalSegments(pattern);
  return (value) => segmentsMatch(segments, value);
}

function segmentsMatch(segments: readonly string[], value: string): boolean {
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  // Leftmost placement of each middle segment is optimal when `*` is the only wildcard.
  let position = first.length;
  const end = value.length - last.length;
  for (const segment of segments.slice(1, -1)) {
    const found = value.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

/** The literal text between unescaped stars, with escapes resolved. */
function literalSegments(pattern: string): string[] {
  const segments: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '\\' && i + 1 < pattern.length) {
      segments[segments.length - 1] += pattern[i + 1] ?? '';
      i++;
    } else if (char === '*') {
      segments.push('');
    } else {
      segments[segments.length - 1] += char;
    }
  }
  return segments;
}
