import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config';
import type { Logger } from '../lib/logger';
import type { AuditService } from '../modules/audit/audit.service';
import { registerAuditRoutes } from '../modules/audit/audit.routes';
import { registerAuthRoutes } from '../modules/auth/auth.routes';
import type { AuthService } from '../modules/auth/auth.service';
import { registerUsersRoutes } from '../modules/users/users.routes';
import type { UsersService } from '../modules/users/users.service';
import { registerAuthentication } from './authenticate';
import { registerDocs } from './docs';
import { registerErrorHandler } from './error-handler';
import { registerHealthRoutes } from './health.routes';
import { registerNotFound } from './not-found';
import { registerSecurity } from './security';
import type { App } from './types';
import { defaultWebDir, registerWeb } from './web';

export interface AppDeps {
  config: Pick<Config, 'bodyLimitBytes' | 'trustProxy' | 'corsOrigins' | 'registrationOpen'>;
  logger: Logger;
  auth: AuthService;
  users: UsersService;
  audit: AuditService;
  webDir?: string;
}

/** Builds the HTTP app without listening, so tests drive it with `inject`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerErrorHandler(app);
  await registerSecurity(app, { corsOrigins: deps.config.corsOrigins });
  // JSON only: a text/plain body is 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  const routes = registerNotFound(app, await registerWeb(app, deps.webDir ?? defaultWebDir));
  await registerDocs(app);
  registerAuthentication(app, { ...deps, routes });

  registerHealthRoutes(app);
  registerAuthRoutes(app, {
    auth: deps.auth,
    users: deps.users,
    registrationOpen: deps.config.registrationOpen,
  });
  registerUsersRoutes(app, deps);
  registerAuditRoutes(app, deps);

  await app.ready();
  return app;
}
