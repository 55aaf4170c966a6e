import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The OpenAPI document names each schema after its class, so two exported classes of one name in the
 * api silently share one schema and one of them is documented wrongly. Each class name is used once.
 */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('schema names in the api', () => {
  it('gives every exported class its own name', () => {
    const seen = new Map<string, string[]>();
    for (const file of sources(join(__dirname, '../../apps/api/src'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/^export (?:abstract )?class (\w+)/gm)) seen.set(name, [...(seen.get(name) ?? []), file]);
    }
    expect([...seen].filter(([, files]) => files.length > 1).map(([name]) => name)).toEqual([]);
  });
});
