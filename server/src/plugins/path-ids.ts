import type { FastifyInstance, FastifySchema, HTTPMethods } from 'fastify';
import { ProblemError } from '../problems.js';
import { PATH_ID_PATTERN, PathId } from '../schemas/common.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, HEAD and hidden ones included (the fuzz suite walks it). */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: HTTPMethods;
  url: string;
  schema?: FastifySchema;
}

const PATH_ID = new RegExp(PATH_ID_PATTERN);

/** `campaignId` → `campaign_not_found`, the code the route itself answers for an unknown id. */
export function notFoundCode(parameter: string): string {
  const resource = /^([a-z][A-Za-z]*)Id$/.exec(parameter)?.[1];
  return resource ? `${resource.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}_not_found` : 'not_found';
}

/** The schema with every named path parameter documented (and validated) as a `PathId`. */
function withPathIds(schema: FastifySchema | undefined, names: string[]): FastifySchema | undefined {
  const params = schema?.params as { properties?: Record<string, unknown> } | undefined;
  if (!schema || !params?.properties) return schema;
  const properties = { ...params.properties };
  for (const name of names) if (name in properties) properties[name] = PathId;
  return { ...schema, params: { ...params, properties } };
}

/**
 * Records every route registered from now on in `app.routeTable`, with its path parameters documented as ids.
 * Call it first, so that plugins' own routes (CORS preflights, docs) are listed too.
 */
export function registerRouteTable(app: FastifyInstance): void {
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
    route.schema = withPathIds(route.schema, names);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, schema: route.schema });
  });
}

/**
 * Path parameters are ids (`[A-Za-z0-9_-]{1,64}`, API.md): anything else is 404 before any route hook or
 * handler sees it, so NUL bytes, `..`, encoded slashes or 10 kB of text never reach a query. Wildcards (`*`,
 * static files) are left to their route. An app-level hook: it covers routes registered by any plugin.
 */
export function registerPathIdCheck(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, string>)) {
      if (name !== '*' && !PATH_ID.test(value)) {
        done(new ProblemError(404, notFoundCode(name), `"${name}" is not a valid id.`));
        return;
      }
    }
    done();
  });
}
