import type { FastifyPluginAsyncTypebox, FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { TadamonDatabase } from '../db/database.js';
import { PathId } from '../schemas/common.js';
import { requireAdminToken } from './admin-auth.js';

/** A path id of an admin route (plugins/path-ids.ts answers 404 for anything else before the route runs). */
export const Id = PathId;

/** Spread into every admin route's schema: its OpenAPI tag and the bearer token it requires. */
export const admin = { tags: ['admin'], security: [{ adminToken: [] }] };

/** The problems any admin write can answer, before the route's own (404, 409, …). */
export const writeProblems = [400, 401, 413, 415, 422, 429];

export interface AdminRoutesOptions {
  database: TadamonDatabase;
}

export type AdminRoutes = FastifyPluginCallbackTypebox<AdminRoutesOptions>;

/** One encapsulated scope for every admin route: the bearer token is checked once, before any body is read. */
export function adminPlugin(
  ...routes: AdminRoutes[]
): FastifyPluginAsyncTypebox<AdminRoutesOptions & { adminToken: string }> {
  return async (scope, { database, adminToken }) => {
    requireAdminToken(scope, adminToken);
    for (const register of routes) await scope.register(register, { database });
  };
}
