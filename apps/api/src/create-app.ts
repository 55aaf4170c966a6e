import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig, createPino, createValidationPipe, Metrics, PinoNestLogger, Problem, ProblemFilter, registerSafeJsonParser, sendProblem } from '@app/platform';
import { Logger } from '@nestjs/common';
import { ApiModule } from './api.module';
import { registerBoardHttp } from './board/board-http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const shuttingDown = new WeakSet<NestFastifyApplication>();

/** Stops accepting, lets in-flight requests finish (their connections then close), closes resources. */
export async function closeApiApp(app: NestFastifyApplication): Promise<void> {
  shuttingDown.add(app);
  const server = app.getHttpServer() as import('node:http').Server;
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearInterval(sweeper);
  }
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
  // Multipart uploads (CSV imports) are streamed; one file per request, bounded in size.
  await app.register(multipart as never, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 } });
  await registerBoardHttp(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  const fastify = app.getHttpAdapter().getInstance();
  registerSafeJsonParser(fastify);
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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Programme KPI Tracker')
      .setDescription('Programmes, projects, KPIs, spend and stakeholder evidence, with governance flags. Errors are RFC 9457 problem+json.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'kpit_… token' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
  return app;
}
