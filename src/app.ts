import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import type { AppContext } from "./context.js";
import { acsBodyParser } from "./http/acs-body-limit.js";
import { ACS_ROUTE } from "./http/acs-handler.js";
import { adminRoutes } from "./http/admin/index.js";
import { apiRoutes } from "./http/api/index.js";
import { errorHandler, notFoundHandler } from "./http/error-handler.js";
import { mitelHostRoutes, overrideUrlRoutes } from "./http/hosts/host-routes.js";
import { basicRoutes } from "./http/routes/basic-routes.js";
import { samlRoutes } from "./http/routes/saml-routes.js";
import { signOnRoutes } from "./http/routes/sign-on-routes.js";
import { createSamlPassport } from "./http/saml-strategy.js";
import { securityHeaders } from "./http/security-headers.js";
import { sessionMiddleware } from "./http/session.js";
import { ASSETS_DIR } from "./http/views.js";
import { redactUrl, serializeError } from "./log.js";
import { logContext } from "./log-context.js";
import { newTraceId } from "./security/random-ids.js";
import "./http/session-types.js";

/** Extra routers mounted by the composition root (simulator, admin, API) before the 404 handler. */
export type RouterMount = (app: Express) => void;

/** Builds the Express app; listening is separate (main.ts) so tests run it in-process. */
export function buildApp(ctx: AppContext, mounts: RouterMount[] = []): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.server.trustProxy);
  app.set("query parser", "simple");

  app.use(
    pinoHttp({
      logger: ctx.log,
      genReqId: (_req, res) => {
        const id = newTraceId();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        // The status is what a request log needs; response headers would carry Set-Cookie.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // pino-http would otherwise put pino's plain error serializer back (raw body included).
        err: serializeError,
      },
    }),
  );
  app.use((req, _res, next) => logContext.run({ reqId: String(req.id) }, next));
  app.use(securityHeaders(ctx.config.server.publicUrl));
  app.use("/assets", express.static(ASSETS_DIR, { maxAge: "1h", index: false }));
  // Browsers ask for it on every first visit; answered here, it is not a 404 in the log each time.
  app.get("/favicon.ico", (_req, res) => {
    res.sendFile("favicon.ico", { root: ASSETS_DIR, maxAge: "1d" });
  });
  // Mitel's hostnames (Sign-on URLs, Identifier, Reply URL) onto this service's own routes, before
  // anything that depends on the route: a Mitel-shaped Reply URL gets the ACS's body limit and,
  // like the ACS's own path, no session.
  app.use(mitelHostRoutes(ctx));
  app.use(sessionMiddleware(ctx));
  // The Reply URL refuses what it could never accept from its Content-Length (acs-body-limit.ts).
  app.use(ACS_ROUTE, ...acsBodyParser());
  // Entra's responses are a few KB; anything over 512 KB is refused with 413 before it is parsed.
  app.use(express.urlencoded({ extended: false, limit: "512kb", parameterLimit: 200 }));
  app.use(express.json({ limit: "512kb" }));

  const saml = createSamlPassport();
  app.use(samlRoutes(ctx, saml));
  app.use(signOnRoutes(ctx));
  app.use(basicRoutes(ctx));
  app.use("/admin", adminRoutes(ctx));
  app.use("/api/v1", apiRoutes(ctx));
  for (const mount of mounts) mount(app);
  // Nothing else answered: an account's Identifier / Reply URL override, served by the SAML routes.
  app.use(overrideUrlRoutes(ctx));
  app.use(samlRoutes(ctx, saml));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
