/**
 * Finds the first object key that appears twice in one object of a JSON text (already known to be
 * valid JSON). JSON.parse keeps the last one silently, so `{"amount":"1","amount":"9"}` would store
 * a value the sender may not have meant; we refuse it instead. Returns the dotted path, or null.
 */
export function firstDuplicateKey(text: string): string | null {
  // One frame per open container: the keys seen so far (objects only) and the path to it.
  const stack: { keys: Set<string> | null; path: string; index: number }[] = [];
  let pendingKey: string | null = null;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    const segment = top.keys ? (pendingKey ?? '') : String(top.index);
    return top.path ? `${top.path}.${segment}` : segment;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      // A string directly inside an object, before a colon, is a key.
      if (top?.keys && pendingKey === null && nextNonSpace(text, j + 1) === ':') {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        pendingKey = key;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : null, path: childPath(), index: 0 });
      pendingKey = null;
    } else if (c === '}' || c === ']') {
      stack.pop();
      pendingKey = null;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
      pendingKey = null;
    }
  }
  return null;
}

function nextNonSpace(text: string, from: number): string | undefined {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return text[i];
}
