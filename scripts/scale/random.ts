/**
 * A small seeded generator (sfc32, seeded through splitmix32) so that the scale data is the same on
 * every run with the same seed. Each table and each project gets its own stream (`new Rng(seed,
 * stream, index)`), so streams can be generated in any order, or twice, and still agree: the KPIs
 * written to `kpis` are regenerated, identically, when their measurements are written.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function splitmix(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number, index = 0) {
    let s = Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1) ^ Math.imul(index + 1, 0x9e3779b1);
    let v: number;
    [s, v] = splitmix(s);
    this.a = v;
    [s, v] = splitmix(s);
    this.b = v;
    [s, v] = splitmix(s);
    this.c = v;
    [s, v] = splitmix(s);
    this.d = v;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Picks by weight: `weights` are [item, weight] pairs. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.float() * total;
    for (const [item, w] of choices) {
      r -= w;
      if (r < 0) return item;
    }
    return choices[choices.length - 1][0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** A random (version 4, RFC 4122 variant) UUID from this stream: deterministic, valid for ParseUUIDPipe. */
  uuid(): string {
    const a = this.next();
    const b = this.next();
    const c = this.next();
    const d = this.next();
    return (
      HEX[a >>> 24] + HEX[(a >>> 16) & 255] + HEX[(a >>> 8) & 255] + HEX[a & 255] + '-' +
      HEX[b >>> 24] + HEX[(b >>> 16) & 255] + '-4' + (b & 0xfff).toString(16).padStart(3, '0') + '-' +
      HEX[0x80 | ((c >>> 24) & 0x3f)] + HEX[(c >>> 16) & 255] + '-' + HEX[(c >>> 8) & 255] + HEX[c & 255] +
      HEX[d >>> 24] + HEX[(d >>> 16) & 255] + HEX[(d >>> 8) & 255] + HEX[d & 255]
    );
  }
}

/** Stream numbers, one per kind of row, so adding a table never shifts another table's data. */
export const STREAM = {
  plan: 1,
  project: 2,
  kpis: 3,
  measurements: 4,
  spend: 5,
  budgets: 6,
  forecasts: 7,
  groups: 8,
  engagements: 9,
  buyIn: 10,
  training: 11,
  reports: 12,
  programmeReports: 13,
} as const;
