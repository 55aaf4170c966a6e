import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Problem } from '../errors/problem';
import { sendProblem } from '../errors/problem.filter';
import { RouteTable } from './route-table';

/**
 * RFC 9110 §15.5.6: a path the api serves, asked with a method it does not serve there, is 405 with
 * `Allow` listing the methods it does, not 404. Built from the route table, so every controller gets
 * it without doing anything.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance, routes: RouteTable): void {
  const logger = new Logger('http');
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined) return;
    const path = request.url.split('?')[0];
    const allowed = routes.allowed(path);
    if (allowed.size === 0 || allowed.has(request.method)) return;
    const allow = [...allowed].sort().join(', ');
    sendProblem(reply, new Problem(405, 'method_not_allowed', `${request.method} is not allowed on ${path}; use ${allow}`, { headers: { allow } }), request.id, logger);
    return reply;
  });
}
