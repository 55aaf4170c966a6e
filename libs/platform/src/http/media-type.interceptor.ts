import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { Problem } from '../errors/problem';
import { JSON_MEDIA_TYPES } from './safe-json';

/** The OpenAPI metadata `@ApiConsumes` writes; a route that consumes something else says so there, once. */
const API_CONSUMES = 'swagger/apiConsumes';

const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0].trim().toLowerCase();

const hasBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
};

/**
 * 415 for a body the route does not read: the API's routes read JSON unless they declare another
 * media type with `@ApiConsumes` (a CSV upload). Without this a text/plain body was parsed as a
 * string and answered with field errors about fields the client did send.
 */
@Injectable()
export class MediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request?.url?.startsWith('/v1/') && hasBody(request)) {
      const consumes = this.reflector.getAllAndOverride<string[] | undefined>(API_CONSUMES, [context.getHandler(), context.getClass()]) ?? [...JSON_MEDIA_TYPES];
      const sent = mediaType(request.headers['content-type']);
      if (!consumes.includes(sent)) {
        throw new Problem(415, 'unsupported_media_type', `this route reads ${consumes.join(' or ')}${sent ? `, not ${sent}` : '; send a Content-Type header'}`, { headers: { 'accept-post': consumes.join(', ') } });
      }
    }
    return next.handle();
  }
}
