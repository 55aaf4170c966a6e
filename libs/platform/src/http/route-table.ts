import type { FastifyInstance } from 'fastify';

const toPattern = (url: string): RegExp =>
  new RegExp(`^${url.split('/').map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);

/** `/v1/x/:id` and `/v1/x/:projectId` are the same route shape. */
const shape = (url: string): string => url.replace(/:[^/]+/g, ':');

/** Every route Fastify serves, by path template, with its methods: what 405 and Location are built from. */
export class RouteTable {
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(url: string, methods: string[]): void {
    if (url.includes('*')) return; // static asset prefixes: an unknown file is 404 whatever the method
    const key = shape(url);
    const known = this.routes.get(key) ?? { pattern: toPattern(url), methods: new Set<string>() };
    for (const method of methods) known.methods.add(method.toUpperCase());
    this.routes.set(key, known);
  }

  /** The methods some route serves at this concrete path (empty: no route has the path). */
  allowed(path: string): Set<string> {
    const out = new Set<string>();
    for (const route of this.routes.values()) if (route.pattern.test(path)) route.methods.forEach((m) => out.add(m));
    return out;
  }

  has(method: string, template: string): boolean {
    return this.routes.get(shape(template))?.methods.has(method) ?? false;
  }
}

const tables = new WeakMap<object, RouteTable>();

/** The table of this Fastify instance, filled by an onRoute hook: call before any route is added. */
export function trackRoutes(fastify: FastifyInstance): RouteTable {
  const table = new RouteTable();
  tables.set(fastify, table);
  fastify.addHook('onRoute', (route) => table.add(route.url, [route.method].flat()));
  return table;
}

export const routeTableOf = (fastify: object): RouteTable | undefined => tables.get(fastify);
