import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { routeTableOf } from './route-table';

const LOCATION_KEY = 'kpi:created-location';

/**
 * Where a record this route creates can be read, as a route template with `:id` (e.g.
 * `/v1/projects/:id`). Without it, a 201 from a collection (POST /v1/programmes) points at
 * `<path>/<id>` when the api serves GET there; routes whose records live elsewhere say so with this.
 */
export const CreatedAt = (template: string): MethodDecorator => SetMetadata(LOCATION_KEY, template);

/** RFC 9110 §15.3.2: a 201 says where the new resource is, in `Location`. */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const template = this.reflector.get<string | undefined>(LOCATION_KEY, context.getHandler());
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((body: unknown) => {
        const reply = http.getResponse<FastifyReply>();
        const id = (body as { id?: unknown } | null)?.id;
        if (reply?.statusCode === 201 && typeof id === 'string' && !reply.getHeader('location')) {
          const request = http.getRequest<FastifyRequest>();
          const path = request.url.split('?')[0].replace(/\/$/, '');
          const routeUrl = request.routeOptions.url ?? '';
          if (template) reply.header('location', template.replace(':id', encodeURIComponent(id)));
          // A PUT that created its resource created it at the URL it was sent to.
          else if (request.method === 'PUT') reply.header('location', path);
          else if (routeTableOf(request.server)?.has('GET', `${routeUrl.replace(/\/$/, '')}/:id`)) reply.header('location', `${path}/${encodeURIComponent(id)}`);
        }
        return body;
      }),
    );
  }
}
