import type { FastifyPluginAsyncTypebox, FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TadamonDatabase } from '../db/database.js';
import { requireAdminToken } from './admin-auth.js';

/** A path id of an admin route: the services answer 404 for anything that cannot be an id. */
export const Id = Type.String({ minLength: 1, maxLength: 200 });

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
