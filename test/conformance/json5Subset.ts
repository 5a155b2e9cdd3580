/**
 * Reads the JSON5 subset the conformance files use: standard JSON plus `//` and `/* *\/` comments
 * and trailing commas. Anything else (unquoted keys, single quotes, hex) still fails in JSON.parse,
 * so a file that starts using more of JSON5 is noticed rather than misread.
 */
export function parseJson5Subset(text: string): unknown {
  return JSON.parse(dropTrailingCommas(stripComments(text)));
}

/**
 * Copies `text`, handing every character outside a JSON string to `code`, which returns what to write
 * and the index of the next character to read. String contents (escapes included) are copied as they are.
 */
function rewriteOutsideStrings(text: string, code: (text: string, i: number) => [string, number]): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length;) {
    const char = text[i] ?? '';
    if (inString) {
      out += char === '\\' ? char + (text[i + 1] ?? '') : char;
      if (char === '"') inString = false;
      i += char === '\\' ? 2 : 1;
    } else if (char === '"') {
      inString = true;
      out += char;
      i += 1;
    } else {
      const [written, next] = code(text, i);
      out += written;
      i = next;
    }
  }
  return out;
}

function stripComments(text: string): string {
  return rewriteOutsideStrings(text, (t, i) => {
    if (t.startsWith('//', i)) {
      const end = t.indexOf('\n', i);
      return ['\n', end < 0 ? t.length : end + 1];
    }
    if (t.startsWith('/*', i)) {
      const end = t.indexOf('*/', i + 2);
      return ['', end < 0 ? t.length : end + 2];
    }
    return [t[i] ?? '', i + 1];
  });
}

/** Removes a comma followed only by whitespace before `}` or `]`, outside strings. */
function dropTrailingCommas(text: string): string {
  return rewriteOutsideStrings(text, (t, i) => [
    t[i] === ',' && /^\s*[}\]]/.test(t.slice(i + 1)) ? '' : (t[i] ?? ''),
    i + 1,
  ]);
}
