import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GOVUK = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');

/** Progressive enhancement only (pages work without it). Kept here, not as a .js asset, which the build would compile to CommonJS. */
const BOARD_JS = `import { initAll } from './govuk-frontend.min.js';\ninitAll();\n`;

/**
 * GOV.UK Frontend's stylesheet for a service that is not on GOV.UK: its typeface (GDS Transport) is
 * for GOV.UK only, so its font faces are dropped and every font stack falls back to Arial, as the
 * Design System's guidance for such services asks. Fonts and images are named under /board/assets.
 */
export function boardFrontendCss(): string {
  return readFileSync(join(GOVUK, 'govuk-frontend.min.css'), 'utf8')
    .replace(/\/\*![^*]*Margaret Calvert[^*]*\*\//g, '')
    .replace(/@font-face\{font-family:GDS Transport[^}]*\}/g, '')
    .replaceAll('GDS Transport,arial,sans-serif', 'arial,sans-serif')
    .replaceAll('url(/assets/', 'url(/board/assets/');
}

/**
 * HTTP pieces of the board dashboard that live below Nest: cookies, form bodies, and the GOV.UK Frontend assets
 * under /board/assets (public, no data). The stylesheet names its fonts and images at /assets, so
 * it is served with those urls moved under /board/assets.
 */
export async function registerBoardHttp(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCookie as never);
  // The board's forms post application/x-www-form-urlencoded; the api runs with Nest's own body parsers off.
  await app.register(fastifyFormbody as never, { bodyLimit: 64 * 1024 });
  const css = boardFrontendCss();
  const js = readFileSync(join(GOVUK, 'govuk-frontend.min.js'), 'utf8');
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/board/assets/govuk-frontend.min.css', (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css));
  fastify.get('/board/assets/govuk-frontend.min.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(js));
  fastify.get('/board/assets/board.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(BOARD_JS));
  await app.register(fastifyStatic as never, {
    root: [join(GOVUK, 'assets'), join(__dirname, 'assets')],
    prefix: '/board/assets/',
    decorateReply: false,
    index: false,
    maxAge: 3_600_000,
  });
}
