/**
 * The Entra simulator: an offline stand-in for a Microsoft Entra ID tenant with a "Mitel Connect"
 * enterprise application per Mitel account (DESIGN §3, §4; issue 3). It keeps its state in the
 * service's key/value store and signs with its own code; nothing here imports the SP's SAML,
 * certificate or HTTP modules, so one bug cannot hide itself on both sides.
 */
import type { Router } from "express";
import type { KeyValueStore } from "../storage/ports.js";
import { checkReplyUrl } from "./config/basic-saml-configuration.js";
import {
  checkGalleryPatterns,
  type GalleryPatternInput,
  mitelConnectPatterns,
} from "./config/gallery-patterns.js";
import { MOUNT_PATH, type SimulatorLog, tenantUrls } from "./http/context.js";
import { simulatorRouter } from "./http/router.js";
import { certificateToEntraBase64 } from "./keys/signing-certificate.js";
import { type SimulatorRehearsal, simulatorRehearsal } from "./rehearsal-control.js";
import { activeCertificate, type SimApp } from "./state/model.js";
import { SimulatorState } from "./state/simulator-state.js";

export interface EntraSimulatorOptions {
  kv: KeyValueStore;
  /** The simulator's base URL, e.g. http://127.0.0.1:3000, without a trailing slash. */
  publicUrl: string;
  now?: () => number;
  log?: SimulatorLog;
  /**
   * Enforce the "Mitel Connect" gallery app's URL patterns in Basic SAML Configuration, as Entra
   * does (the SP passes its Mitel-shaped URLs). Unset: any URL Entra accepts for a non-gallery app.
   */
  galleryPatterns?: GalleryPatternInput | null;
}

/** What an admin copies from Entra's "Set up Mitel Connect" (and the certificate download). */
export interface SimulatorAppWiring {
  tenantId: string;
  /** The application's Application ID (GUID). */
  appId: string;
  /** {publicUrl}/entra-sim/{tenantId}/saml2 */
  loginUrl: string;
  /** https://sts.windows.net/{tenantId}/ */
  entraIdentifier: string;
  logoutUrl: string;
  /** The active certificate as Entra's "Certificate (Base64)" download (PEM, CRLF, 76 columns). */
  certificateBase64: string;
}

export interface EnsureMitelConnectAppInput {
  /** The Mitel account id: the application's stable key. */
  key: string;
  displayName: string;
  /** The SP's Entity ID: Entra's Identifier. */
  identifier: string;
  /** The SP's ACS URL: Entra's Reply URL. */
  replyUrl: string;
  signOnUrl: string;
  /** UPNs to assign; defaults to B.Simon@contoso.com. */
  assignedUpns?: string[];
}

export interface EntraSimulator {
  /** Mount at "/entra-sim"; its routes are relative to that. */
  router: Router;
  /**
   * Idempotent: makes sure the seeded tenant and a "Mitel Connect" application for this key exist.
   * The SP values are only used when the application is created; later edits in the simulator stay.
   */
  ensureMitelConnectApp(input: EnsureMitelConnectAppInput): Promise<SimulatorAppWiring>;
  /** The console's rehearsal page: misconfigure one account's application on purpose, and put it back. */
  rehearsal: SimulatorRehearsal;
}

export type { SimulatorAppChange, SimulatorAppView, SimulatorRehearsal } from "./rehearsal-control.js";

const silentLog: SimulatorLog = { info: () => undefined, warn: () => undefined };

export async function createEntraSimulator(opts: EntraSimulatorOptions): Promise<EntraSimulator> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLog;
  const publicUrl = opts.publicUrl.replace(/\/+$/, "");
  const state = await SimulatorState.open(opts.kv, now);
  const galleryPatterns = opts.galleryPatterns ? mitelConnectPatterns(opts.galleryPatterns) : null;
  const ctx = { state, publicUrl, now, log, galleryPatterns };

  const wiring = (app: SimApp): SimulatorAppWiring => ({
    tenantId: app.tenantId,
    appId: app.appId,
    ...tenantUrls(ctx, app.tenantId),
    certificateBase64: certificateToEntraBase64(activeCertificate(app).certificatePem),
  });

  return {
    router: simulatorRouter(ctx),
    rehearsal: simulatorRehearsal(state, publicUrl),
    async ensureMitelConnectApp(input) {
      const { app, created } = await state.ensureApp(state.defaultTenantId, {
        key: input.key,
        displayName: input.displayName,
        identifier: input.identifier,
        replyUrl: input.replyUrl,
        signOnUrl: input.signOnUrl,
        relayState: "",
        logoutUrl: "",
        ...(input.assignedUpns ? { assignedUpns: input.assignedUpns } : {}),
      });
      const replyUrlProblem = checkReplyUrl(app.replyUrl, "Reply URL", true);
      if (created && replyUrlProblem) {
        // Kept as given (the service's own URLs), but Entra would refuse to save it.
        log.warn({ appId: app.appId, replyUrl: app.replyUrl }, `entra simulator: ${replyUrlProblem}`);
      }
      const outsidePatterns = galleryPatterns
        ? Object.values(checkGalleryPatterns(app, galleryPatterns))
        : [];
      if (created && outsidePatterns.length > 0) {
        // Kept as given, but the gallery app's Save would refuse it (use the Mitel-shaped URL profile).
        log.warn({ appId: app.appId }, `entra simulator: ${outsidePatterns.join(" ")}`);
      }
      if (created) {
        log.info(
          { tenantId: app.tenantId, appId: app.appId, key: app.key, identifier: app.identifier },
          "entra simulator: Mitel Connect application created",
        );
      }
      return wiring(app);
    },
  };
}

export { MOUNT_PATH as ENTRA_SIMULATOR_MOUNT_PATH };
