import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Problem, PROBLEM_CATALOGUE, PROBLEM_CODES, ProblemEntry, problemSlug, Public } from '@app/platform';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** `code spans` in the catalogue's sentences as <code>. */
const prose = (text: string): string => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} – Programme KPI Tracker API</title></head><body><main>${body}</main></body></html>`;

const entryHtml = (code: string, entry: ProblemEntry): string =>
  `<h1>${escape(entry.title)}</h1><dl><dt>code</dt><dd><code>${code}</code></dd><dt>HTTP status</dt><dd>${entry.status}</dd></dl>` +
  `<h2>What it means</h2><p>${prose(entry.means)}</p><h2>How to fix it</h2><p>${prose(entry.fix)}</p><p><a href="/problems">All error codes</a></p>`;

/**
 * The pages problem `type` URIs point at: one per machine code, saying what it means and how to
 * fix it. Public and static, like the API's documentation.
 */
@ApiExcludeController()
@Controller('problems')
export class ProblemsController {
  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  index(): string {
    const rows = PROBLEM_CODES.map((code) => `<tr><td><a href="/problems/${problemSlug(code)}"><code>${code}</code></a></td><td>${PROBLEM_CATALOGUE[code].status}</td><td>${escape(PROBLEM_CATALOGUE[code].title)}</td></tr>`).join('');
    return page('Error codes', `<h1>Error codes</h1><p>Every error is <code>application/problem+json</code> (RFC 9457) with one of these codes in <code>code</code>.</p><table><thead><tr><th>code</th><th>status</th><th>title</th></tr></thead><tbody>${rows}</tbody></table>`);
  }

  @Get(':slug')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  show(@Param('slug') slug: string): string {
    const code = PROBLEM_CODES.find((c) => problemSlug(c) === slug);
    if (!code) throw Problem.notFound('error code');
    return page(PROBLEM_CATALOGUE[code].title, entryHtml(code, PROBLEM_CATALOGUE[code]));
  }
}
