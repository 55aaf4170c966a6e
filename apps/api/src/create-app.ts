import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server as NetServer } from 'node:net';
import { AppConfig, completeOpenApiDocument, configureCursorKey, configureProblemTypeBase, createPino, createValidationPipe, LocationInterceptor, MediaTypeInterceptor, Metrics, PinoNestLogger, ProblemFilter, registerMethodNotAllowed, registerSafeJsonParser, sendProblem, trackRoutes } from '@app/platform';
import { Reflector } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { ApiModule } from './api.module';
import { registerBoardHttp } from './board/board-http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const shuttingDown = new WeakSet<NestFastifyApplication>();

/** How long open keep-alive connections get, after SIGTERM, to send their next request and be told to close. */
const KEEP_ALIVE_GRACE_MS = 1000;

const openConnections = (server: HttpServer): Promise<number> => new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));

/**
 * Graceful stop. New connections are refused at once, but open keep-alive connections are not cut:
 * a client may be writing its next request on one right now, and destroying it would reset that
 * request. Each such request is answered (with Connection: close, so the client moves on); after a
 * short grace the connections still idle are closed, in-flight requests finish, and resources close.
 */
export async function closeApiApp(app: NestFastifyApplication): Promise<void> {
  shuttingDown.add(app);
  const server = app.getHttpServer() as HttpServer;
  // net.Server's close stops listening without http.Server's immediate closeIdleConnections().
  const log = app.getHttpAdapter().getInstance().log;
  NetServer.prototype.close.call(server);
  log.info({ connections: await openConnections(server) }, 'stopped accepting connections; draining keep-alive connections');
  const started = Date.now();
  while (Date.now() - started < KEEP_ALIVE_GRACE_MS && (await openConnections(server)) > 0) await new Promise((r) => setTimeout(r, 25));
  log.info({ connections: await openConnections(server), drainedMs: Date.now() - started }, 'closing');
  await app.close();
}

/** Builds the api exactly as it runs in production; tests call this too. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const pino = createPino(config.logLevel, 'api');
  const adapter = new FastifyAdapter({
    loggerInstance: pino,
    bodyLimit: config.bodyLimitBytes,
    // Honour a caller's request id (so a trace crosses systems), otherwise make one.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    // Router-level refusals (a path parameter over the limit: 414; a malformed URL) as problem+json too.
    frameworkErrors: (error: Error, request: { id: string }, reply: unknown) => sendProblem(reply as Parameters<typeof sendProblem>[0], error, request.id, new Logger('http')),
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(pino),
    abortOnError: false,
    // Fastify's own JSON parser stays, behind the nesting check registered below (Nest would add a second one).
    bodyParser: false,
  });
  configureCursorKey(config.secretsKey);
  // Absolute problem type URIs when the public URL is known; otherwise relative, resolved against the request.
  configureProblemTypeBase(config.publicUrl);
  // Before any route is added: the route table that 405 (with Allow) and Location are built from.
  const routes = trackRoutes(app.getHttpAdapter().getInstance());
  // Multipart uploads (CSV imports) are streamed; one file per request, bounded in size.
  await app.register(multipart as never, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 } });
  await registerBoardHttp(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  const reflector = app.get(Reflector);
  app.useGlobalInterceptors(new MediaTypeInterceptor(reflector), new LocationInterceptor(reflector));

  const fastify = app.getHttpAdapter().getInstance();
  registerSafeJsonParser(fastify);
  registerMethodNotAllowed(fastify, routes);
  const metrics = app.get(Metrics);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  // While shutting down, ask clients to close keep-alive connections so the server can finish.
  fastify.addHook('onSend', async (_request, reply) => {
    if (shuttingDown.has(app)) reply.header('connection', 'close');
  });

  const document = completeOpenApiDocument(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Programme KPI Tracker')
      .setDescription('Programmes, projects, KPIs, spend and stakeholder evidence, with governance flags. Errors are RFC 9457 problem+json.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'kpit_… token' })
      .build(),
  ) as never) as never;
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
  return app;
}
