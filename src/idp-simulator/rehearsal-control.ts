/**
 * What the console's rehearsal page may do to the simulated Entra side of one Mitel account: read
 * the application's wiring, save it whole and put it back exactly, and make the misconfigurations
 * an admin meets in Entra (Basic SAML Configuration, assignment, certificates, signing, Name ID,
 * a skewed clock). Plain data in and out, so the console needs none of the simulator's types.
 */
import { MOUNT_PATH, tenantUrls } from "./http/context.js";
import { certificateToEntraBase64 } from "./keys/signing-certificate.js";
import { findUserByUpn, type SimApp } from "./state/model.js";
import type { SimulatorState } from "./state/simulator-state.js";

export interface SimulatorAppView {
  /** The application page, under the simulator's public URL. */
  appUrl: string;
  /** "Test this application" of the application. */
  testUrl: string;
  identifier: string;
  replyUrl: string;
  signOnUrl: string;
  loginUrl: string;
  entraIdentifier: string;
  /** Certificate (Base64) of the active certificate. */
  activeCertificateBase64: string;
}

/** One Entra-side misconfiguration; fields left out stay as they are. */
export interface SimulatorAppChange {
  identifier?: string;
  replyUrl?: string;
  signOnUrl?: string;
  /** "Assignment required?" Yes, and this user (UPN) removed from Users and groups. */
  unassignUpn?: string;
  /** The simulator's clock runs this many minutes ahead. */
  clockOffsetMinutes?: number;
  signingAlgorithm?: "sha1";
  /** Unique User Identifier (Name ID) from an opaque persistent id instead of the UPN. */
  nameIdSource?: "persistent";
  /** A new certificate is created and made active at once (a rollover's last step done first). */
  activateNewCertificate?: boolean;
}

export interface SimulatorRehearsal {
  view(key: string): Promise<SimulatorAppView | null>;
  /** The application as stored (opaque JSON), for `restore`; null when the key has none. */
  save(key: string): Promise<string | null>;
  restore(key: string, saved: string): Promise<void>;
  change(key: string, change: SimulatorAppChange): Promise<void>;
  /** Adds a new, inactive certificate and returns its Certificate (Base64): a certificate Entra does not sign with. */
  addInactiveCertificate(key: string): Promise<string>;
}

export function simulatorRehearsal(state: SimulatorState, publicUrl: string): SimulatorRehearsal {
  const requireApp = async (key: string): Promise<SimApp> => {
    const app = await state.findAppByKey(key);
    if (!app) throw new Error(`The Entra simulator has no application for ${key}`);
    return app;
  };
  const update = async (app: SimApp, change: (current: SimApp) => SimApp | Promise<SimApp>) => {
    await state.updateApp(app.tenantId, app.id, change);
  };

  return {
    async view(key) {
      const app = await state.findAppByKey(key);
      if (!app) return null;
      const urls = tenantUrls({ publicUrl }, app.tenantId);
      const active = app.certificates.find((c) => c.active) ?? app.certificates[0];
      const appUrl = `${publicUrl}${MOUNT_PATH}/apps/${app.id}`;
      return {
        appUrl,
        testUrl: `${appUrl}/test`,
        identifier: app.identifier,
        replyUrl: app.replyUrl,
        signOnUrl: app.signOnUrl,
        loginUrl: urls.loginUrl,
        entraIdentifier: urls.entraIdentifier,
        activeCertificateBase64: active ? certificateToEntraBase64(active.certificatePem) : "",
      };
    },

    async save(key) {
      const app = await state.findAppByKey(key);
      return app ? JSON.stringify(app) : null;
    },

    async restore(key, saved) {
      const app = JSON.parse(saved) as SimApp;
      if (app.key !== key) throw new Error("The saved application belongs to another account");
      await state.restoreApp(app);
    },

    async change(key, change) {
      const app = await requireApp(key);
      const tenant = await state.requireTenant(app.tenantId);
      const unassigned = change.unassignUpn ? findUserByUpn(tenant, change.unassignUpn) : undefined;
      const certificate = change.activateNewCertificate ? await state.newCertificate(true) : null;
      await update(app, (current) => ({
        ...current,
        identifier: change.identifier ?? current.identifier,
        replyUrl: change.replyUrl ?? current.replyUrl,
        signOnUrl: change.signOnUrl ?? current.signOnUrl,
        signingAlgorithm: change.signingAlgorithm ?? current.signingAlgorithm,
        nameIdSource: change.nameIdSource ?? current.nameIdSource,
        ...(change.unassignUpn
          ? {
              assignmentRequired: true,
              assignedUserIds: current.assignedUserIds.filter((id) => id !== unassigned?.objectId),
            }
          : {}),
        faults:
          change.clockOffsetMinutes === undefined
            ? current.faults
            : { ...current.faults, clockOffsetMinutes: change.clockOffsetMinutes },
        certificates: certificate
          ? [...current.certificates.map((c) => ({ ...c, active: false })), certificate]
          : current.certificates,
      }));
    },

    async addInactiveCertificate(key) {
      const app = await requireApp(key);
      const certificate = await state.newCertificate(false);
      await update(app, (current) => ({ ...current, certificates: [...current.certificates, certificate] }));
      return certificateToEntraBase64(certificate.certificatePem);
    },
  };
}
