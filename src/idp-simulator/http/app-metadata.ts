import type { Response } from "express";
import { buildFederationMetadata, UTF8_BOM } from "../saml/federation-metadata.js";
import { activeCertificate, certificatesActiveFirst, type SimApp } from "../state/model.js";
import { type SimulatorContext, tenantUrls } from "./context.js";

/** The application's Federation Metadata XML, signed with its active certificate. */
export function appMetadataXml(ctx: SimulatorContext, app: SimApp): string {
  const urls = tenantUrls(ctx, app.tenantId);
  const active = activeCertificate(app);
  return buildFederationMetadata({
    entityId: urls.entraIdentifier,
    loginUrl: urls.loginUrl,
    logoutUrl: urls.logoutUrl,
    certificatesPem: certificatesActiveFirst(app).map((certificate) => certificate.certificatePem),
    signing: { certificatePem: active.certificatePem, privateKeyPem: active.privateKeyPem },
  });
}

/** Sends the metadata as Entra does: UTF-8 with a byte-order mark. */
export function sendMetadata(res: Response, xml: string, downloadName?: string): void {
  if (downloadName) {
    res.attachment(downloadName);
  }
  res
    .status(200)
    .set("Content-Type", "application/xml; charset=utf-8")
    .set("Cache-Control", "no-store")
    .send(Buffer.from(UTF8_BOM + xml, "utf8"));
}

/** A file name from the application's display name, safe in Content-Disposition. */
export function downloadBaseName(app: SimApp): string {
  const cleaned = app.displayName.replace(/[^A-Za-z0-9 ._-]+/g, "").trim();
  return cleaned === "" ? "Mitel Connect" : cleaned;
}
