// An example integration, step 2 of 2: read what the board sees, as a dashboard would.
//
//   KPI_TRACKER_URL=… KPI_TRACKER_TOKEN=… node examples/integration/report.ts
//
// The token needs portfolio:read. The governance scan (the worker runs it every night) raises the
// flags this pages through. It prints what it read as one JSON object.
import { connect, fail, print, type Schema } from './client.ts';

const api = connect();

// The portfolio: every programme with its projects, reported beside evidence-based ratings.
const portfolio = await api.GET('/v1/portfolio', { params: { query: { sort: 'optimismGap' } } });
if (portfolio.error) fail('Reading the portfolio', portfolio.error);
const etag = portfolio.response.headers.get('etag');

// Polling? Send the ETag back: while nothing has changed the answer is 304, with no body to parse.
const again = await api.GET('/v1/portfolio', {
  params: { query: { sort: 'optimismGap' }, header: etag ? { 'If-None-Match': etag } : {} },
});
const unchanged = again.response.status === 304;
if (!unchanged && again.error) fail('Reading the portfolio again', again.error);

const projects = portfolio.data.programmes.flatMap((programme) =>
  programme.projects.map((project) => ({
    programme: programme.code,
    code: project.code,
    reported: project.reported?.rating ?? null,
    evidence: project.evidence?.rating ?? null,
    kpis: project.kpis.total,
    spent: project.finance?.spent ?? null,
    openFlags: project.openFlags.critical + project.openFlags.warning + project.openFlags.info,
  })),
);

// The open flags, a page at a time: pass nextCursor back as cursor until it is null.
const flags: Schema<'FlagResponse'>[] = [];
let pages = 0;
let cursor: string | undefined;
do {
  const page = await api.GET('/v1/flags', { params: { query: { status: 'unresolved', limit: 2, cursor } } });
  if (page.error) fail('Listing flags', page.error);
  flags.push(...page.data.data);
  pages += 1;
  cursor = page.data.nextCursor ?? undefined;
} while (cursor);

print({
  period: portfolio.data.period,
  summary: portfolio.data.summary,
  projects,
  etag,
  unchanged,
  flags: { pages, count: flags.length, ids: flags.map((f) => f.id), rules: [...new Set(flags.map((f) => f.rule))].sort() },
});
