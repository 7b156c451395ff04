/**
 * Builds the HTTP application from its dependencies. Tests call `buildApp` and use `app.inject()`;
 * the CLI calls it and listens. Plugins are registered in the order requests meet them.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Deps } from './container.ts';
import { AppError } from './errors.ts';
import { answerFrameworkError, installErrorHandler } from './http/error-handler.ts';
import { installNullCharacterGuard } from './http/null-characters.ts';
import { createLoadShedder } from './http/overload.ts';
import { MachineRateLimitStore } from './http/rate-limit-store.ts';
import { installSecurityHeaders, securityHeadersFor } from './http/security-headers.ts';
import { healthRoutes } from './http/health.routes.ts';
import { ErrorBody } from './http/schemas.ts';
import { installSessions } from './http/session.ts';
import { installWeb } from './http/web.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { codesRoutes, jwksRoutes } from './modules/codes/codes.routes.ts';
import { declarationsRoutes } from './modules/declarations/declarations.routes.ts';
import { guardiansRoutes } from './modules/guardians/guardians.routes.ts';
import { organisationsRoutes } from './modules/organisations/organisations.routes.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { paperCodesRoutes } from './modules/paper-codes/paper-codes.routes.ts';
import { partnerApiRoutes } from './modules/partners/partner-api.routes.ts';
import { partnersRoutes } from './modules/partners/partners.routes.ts';
import { verificationRoutes } from './modules/verification/verification.routes.ts';
import { checkinsRoutes } from './modules/checkins/checkins.routes.ts';
import { venuesRoutes } from './modules/venues/venues.routes.ts';
import { appealsRoutes } from './modules/appeals/appeals.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { factsRoutes } from './modules/facts/facts.routes.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import { overridesRoutes } from './modules/overrides/overrides.routes.ts';
import { ruleSetsRoutes } from './modules/rules/rule-sets.routes.ts';
import { tracingRoutes } from './modules/tracing/tracing.routes.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { regionsRoutes } from './modules/regions/regions.routes.ts';
import { linkedCodesRoutes } from './modules/linked-codes/linked-codes.routes.ts';
import { statusHistoryRoutes } from './modules/status-history/status-history.routes.ts';

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const { config } = deps;
  const shedder = createLoadShedder(config, deps.metrics);
  const app = Fastify({
    serverFactory: shedder.serverFactory,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    // A line per request at tens of thousands of requests a second costs more than the requests; they are logged at debug.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { allErrors: true, removeAdditional: true, coerceTypes: 'array', useDefaults: true } },
    // Refused before any route or hook runs, so the security headers are added here.
    frameworkErrors: (error, request, reply) => answerFrameworkError(error, request, reply.headers(securityHeadersFor(request.url))),
  });

  installErrorHandler(app);
  installNullCharacterGuard(app);
  app.addSchema(ErrorBody);
  app.addHook('onResponse', (request, reply, done) => {
    deps.metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    done();
  });
  app.addHook('onClose', async () => shedder.stop());
  await app.register(fastifyCookie);
  installSecurityHeaders(app);
  // Sessions first, so that the limit can count by account.
  installSessions(app, deps);
  await app.register(fastifyRateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per account when signed in: a mobile carrier puts thousands of phones behind one address (CGNAT), and a
    // checkpoint's verifiers share one network; without a session, per address.
    keyGenerator: (request) => (request.actor ? `account:${request.actor.accountId}` : request.ip),
    // Without Redis, counted on this machine; with `--workers N` the primary counts the named limits (rate-limit-store.ts).
    ...(deps.redis ? { redis: deps.redis, nameSpace: 'healthcode:rate:' } : { store: MachineRateLimitStore }),
    // If Redis is unreachable, serve rather than refuse everyone.
    skipOnError: true,
    // No x-ratelimit-* headers on answers within the limit: no client reads them, and three headers on every
    // answer cost more than counting does. A refused request still says when to retry (Retry-After).
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    // Fingerprinted static assets are not worth counting; everything else is.
    allowList: (request) => request.url.startsWith('/assets/'),
    errorResponseBuilder: (_request, context) => {
      deps.metrics.countRateLimited('requests');
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('RATE_LIMITED', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'HealthCode API',
        version: '1',
        description:
          'Health code (健康码) platform. Errors share one body shape (ErrorBody) with messages in zh-CN or English chosen by Accept-Language. Writes made with the session cookie need the x-csrf-token header. No text may hold U+0000 (refused as VALIDATION_FAILED with the field named). Past capacity any request may be answered 503 OVERLOADED (系统繁忙，请稍后再试) with Retry-After: wait that many seconds before asking again.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hc_session' },
          partnerCredential: { type: 'http', scheme: 'bearer', description: 'Per-partner credential for the inter-platform API' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { deps });
  await app.register(jwksRoutes, { deps });
  await app.register(
    async (api) => {
      await api.register(accountsRoutes, { deps });
      await api.register(identityRoutes, { deps });
      await api.register(regionsRoutes);
      await api.register(guardiansRoutes, { deps });
      await api.register(declarationsRoutes, { deps });
      await api.register(codesRoutes, { deps });
      await api.register(paperCodesRoutes, { deps });
      await api.register(linkedCodesRoutes, { deps });
      await api.register(statusHistoryRoutes, { deps });
      await api.register(verificationRoutes, { deps });
      await api.register(organisationsRoutes, { deps });
      await api.register(staffRoutes, { deps });
      await api.register(partnersRoutes, { deps });
      await api.register(venuesRoutes, { deps });
      await api.register(checkinsRoutes, { deps });
      await api.register(factsRoutes, { deps });
      await api.register(jobsRoutes, { deps });
      await api.register(tracingRoutes, { deps });
      await api.register(ruleSetsRoutes, { deps });
      await api.register(overridesRoutes, { deps });
      await api.register(appealsRoutes, { deps });
      await api.register(dashboardRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );
  await app.register(partnerApiRoutes, { deps, prefix: '/api/partner/v1' });
  await installWeb(app);
  return app;
}
