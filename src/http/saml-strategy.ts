import type { SamlConfig } from "@node-saml/node-saml";
import { MultiSamlStrategy } from "@node-saml/passport-saml";
import type { Request, RequestHandler, Response } from "express";
import passport from "passport";

/**
 * passport-saml's MultiSamlStrategy runs node-saml with options resolved per request: the route
 * puts the account's options here (a WeakMap, so nothing leaks between requests) before calling
 * passport. The strategy's verify step hands the profile back unchanged; every decision after
 * node-saml's is the ACS's own, in services.
 */
const optionsByRequest = new WeakMap<Request, SamlConfig>();

export const SAML_STRATEGY = "mitel-saml";

export function createSamlPassport(): passport.PassportStatic {
  const instance = new passport.Passport() as unknown as passport.PassportStatic;
  // passport-saml ships its own copy of the Express 4 typings; the objects are the same at runtime.
  const strategy = new MultiSamlStrategy(
    {
      passReqToCallback: true,
      getSamlOptions(req, done) {
        const options = optionsByRequest.get(req as unknown as Request);
        if (!options) return done(new Error("SAML options were not prepared for this request"));
        done(null, options);
      },
    },
    (_req, profile, done) => done(null, profile ? { ...profile } : undefined),
    (_req, _profile, done) => done(null, undefined),
  );
  instance.use(SAML_STRATEGY, strategy as unknown as passport.Strategy);
  return instance;
}

export type ValidationOutcome =
  | { ok: true; profile: Record<string, unknown> }
  | { ok: false; error: unknown };

/** Runs node-saml (through passport) on the posted form; never throws. */
export function validateWithPassport(
  saml: passport.PassportStatic,
  req: Request,
  res: Response,
  options: SamlConfig,
): Promise<ValidationOutcome> {
  optionsByRequest.set(req, options);
  return new Promise((resolve) => {
    const handler: RequestHandler = saml.authenticate(
      SAML_STRATEGY,
      { session: false },
      (err: unknown, user: Record<string, unknown> | false | undefined, info: unknown) => {
        if (err) resolve({ ok: false, error: err });
        else if (!user)
          resolve({ ok: false, error: info instanceof Error ? info : new Error("not authenticated") });
        else resolve({ ok: true, profile: user });
      },
    );
    handler(req, res, (err?: unknown) => resolve({ ok: false, error: err ?? new Error("passport passed") }));
  });
}
