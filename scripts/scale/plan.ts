import { Rng, STREAM } from './random';

/**
 * The shape of the scale data, decided up front and small enough to hold in memory (organisations,
 * programmes, projects). Everything bigger (KPIs and their measurements, spend, evidence, reports)
 * is generated from it in streams, project by project, never held whole.
 */
export interface ScaleOptions {
  organisations: number;
  projects: number;
  spendEntries: number;
  months: number;
  seed: number;
  /** The day the data is "as of" (YYYY-MM-DD): history runs up to it. Same seed and date, same data. */
  asOf: string;
}

export type Phase = 'discovery' | 'alpha' | 'beta' | 'live' | 'retired';
export type Status = 'active' | 'paused' | 'closed' | 'archived';

export interface OrgPlan {
  index: number;
  id: string;
  name: string;
  slug: string;
  objectives: string[];
  firstProgramme: number;
  programmes: number;
  firstProject: number;
  projects: number;
}

export interface ProgrammePlan {
  index: number;
  id: string;
  org: number;
  objectiveId: string | null;
  status: Status;
  startDay: number;
}

export interface ProjectPlan {
  index: number;
  id: string;
  org: number;
  programme: number;
  phase: Phase;
  status: Status;
  startDay: number;
  userNeed: boolean;
  hasCapital: boolean;
  /** Share of all spend (Pareto: a few projects carry most of it). */
  weight: number;
}

export interface Calendar {
  /** Days since 1970-01-01 (UTC). */
  asOfDay: number;
  /** First day of the first month of history. */
  startDay: number;
  /** Month starts (day numbers), oldest first; the last one is the last closed month. */
  monthStarts: number[];
  fyStartMonth: number;
}

export interface Plan {
  options: ScaleOptions;
  calendar: Calendar;
  orgs: OrgPlan[];
  programmes: ProgrammePlan[];
  projects: ProjectPlan[];
  /** Cumulative project weights, for picking the project of each spend entry. */
  cumulativeWeight: Float64Array;
  totalWeight: number;
}

export const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

const ISO_CACHE = new Map<number, string>();
/** YYYY-MM-DD of a day number (cached: the data spans a few thousand days). */
export function iso(day: number): string {
  let s = ISO_CACHE.get(day);
  if (!s) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    ISO_CACHE.set(day, s);
  }
  return s;
}

export const periodOf = (day: number) => iso(day).slice(0, 7);

/** The financial year ("2026-27") of a day, for a start month (April = 4). */
export function financialYear(day: number, startMonth: number): string {
  const d = new Date(day * DAY_MS);
  const start = d.getUTCMonth() + 1 >= startMonth ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

const LAST_DAY_CACHE = new Map<number, number>();
/** The last day of the month a day falls in (cached: called once per generated measurement). */
export function lastDayOfMonth(day: number): number {
  let last = LAST_DAY_CACHE.get(day);
  if (last === undefined) {
    const d = new Date(day * DAY_MS);
    last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS;
    LAST_DAY_CACHE.set(day, last);
  }
  return last;
}

function calendar(options: ScaleOptions): Calendar {
  const asOfDay = dayOf(options.asOf);
  const asOf = new Date(asOfDay * DAY_MS);
  const monthStarts: number[] = [];
  for (let m = options.months; m >= 1; m--) {
    monthStarts.push(dayOf(new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - m, 1)).toISOString().slice(0, 10)));
  }
  return { asOfDay, startDay: monthStarts[0], monthStarts, fyStartMonth: 4 };
}

/** Splits `total` projects into programmes of 5 to 40 (or exactly `count` programmes when given). */
function programmeSizes(rng: Rng, total: number, count?: number): number[] {
  if (count) {
    const raw = Array.from({ length: count }, () => rng.int(5, 15));
    const sum = raw.reduce((a, b) => a + b, 0);
    const sizes = raw.map((r) => Math.max(5, Math.round((r * total) / sum)));
    let diff = total - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; diff !== 0; i = (i + 1) % count) {
      if (diff > 0 && sizes[i] < 40) (sizes[i]++, diff--);
      else if (diff < 0 && sizes[i] > 5) (sizes[i]--, diff++);
    }
    return sizes;
  }
  const sizes: number[] = [];
  let left = total;
  while (left > 0) {
    const size = Math.min(left, rng.int(5, 40));
    if (size < 5 && sizes.length) sizes[sizes.length - 1] += size;
    else sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Organisation sizes: the first (the portfolio benchmark's "largest organisation") has 5% of all
 * projects in programmes of ten on average (5,000 projects in 500 programmes at full size); the
 * rest share the remainder, the biggest about three times the smallest.
 */
function organisationSizes(options: ScaleOptions): number[] {
  const largest = Math.round(options.projects * 0.05);
  const others = options.organisations - 1;
  if (others <= 0) return [options.projects];
  const rest = options.projects - largest;
  const weights = Array.from({ length: others }, (_, k) => 3 - (2 * k) / Math.max(1, others - 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((w * rest) / sum));
  let left = rest - sizes.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k = (k + 1) % others, left--) sizes[k]++;
  return [largest, ...sizes];
}

export function makePlan(options: ScaleOptions): Plan {
  const rng = new Rng(options.seed, STREAM.plan);
  const cal = calendar(options);
  const orgs: OrgPlan[] = [];
  const programmes: ProgrammePlan[] = [];
  const projects: ProjectPlan[] = [];
  const sizes = organisationSizes(options);
  sizes.forEach((projectCount, o) => {
    const org: OrgPlan = {
      index: o,
      id: rng.uuid(),
      name: o === 0 ? 'Scale Largest Council' : `Scale Council ${o}`,
      slug: `scale-org-${o}`,
      objectives: Array.from({ length: rng.int(4, 10) }, () => rng.uuid()),
      firstProgramme: programmes.length,
      programmes: 0,
      firstProject: projects.length,
      projects: projectCount,
    };
    orgs.push(org);
    const split = programmeSizes(rng, projectCount, o === 0 ? Math.max(1, Math.round(projectCount / 10)) : undefined);
    for (const size of split) {
      const programme: ProgrammePlan = {
        index: programmes.length,
        id: rng.uuid(),
        org: o,
        objectiveId: rng.chance(0.9) ? rng.pick(org.objectives) : null,
        status: rng.weighted([['active', 93], ['paused', 3], ['closed', 4]] as const),
        startDay: cal.startDay - rng.int(0, 730),
      };
      programmes.push(programme);
      org.programmes++;
      for (let i = 0; i < size; i++) {
        const prng = new Rng(options.seed, STREAM.project, projects.length);
        const early = prng.chance(0.7);
        projects.push({
          index: projects.length,
          id: prng.uuid(),
          org: o,
          programme: programme.index,
          phase: prng.weighted([['discovery', 8], ['alpha', 14], ['beta', 30], ['live', 43], ['retired', 5]] as const),
          status: programme.status === 'closed' ? 'closed' : prng.weighted([['active', 91], ['paused', 4], ['closed', 3], ['archived', 2]] as const),
          // Most projects began before the history window; the rest started during it.
          startDay: early ? cal.startDay - prng.int(0, 540) : prng.int(cal.startDay, cal.asOfDay - 75),
          userNeed: prng.chance(0.85),
          hasCapital: prng.chance(0.4),
          weight: Math.min(2000, Math.pow(1 - prng.float(), -1 / 1.16)),
        });
      }
    }
  });
  const cumulativeWeight = new Float64Array(projects.length);
  let total = 0;
  projects.forEach((p, i) => {
    total += p.weight;
    cumulativeWeight[i] = total;
  });
  return { options, calendar: cal, orgs, programmes, projects, cumulativeWeight, totalWeight: total };
}

/** The project carrying the spend entry whose uniform draw is `u` in [0, 1). */
export function projectForDraw(plan: Plan, u: number): number {
  const target = u * plan.totalWeight;
  const w = plan.cumulativeWeight;
  let lo = 0;
  let hi = w.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (w[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
