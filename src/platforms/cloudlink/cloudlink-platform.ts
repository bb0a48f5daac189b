import type { Platform } from "../platform.js";

/** CloudLink: the CloudLink Accounts portal; users sign in with their Email. */
export const cloudlinkPlatform: Platform = {
  id: "cloudlink",
  loginField: "email",
  loginLabel: "Email",
  apps: [
    {
      key: "accounts",
      path: "/cloudlink/accounts",
      mitelSignOnUrl: "https://accounts.mitel.io",
      name: "CloudLink Accounts",
      tagline: "Your CloudLink account, users and integrations.",
    },
  ],
  wording: {
    productName: "CloudLink",
    portalName: "CloudLink Accounts portal",
    settingsScreen: "Account Information > Integrations > Microsoft Entra Single Sign On > Complete Setup",
    signInUrlField: "Sign-in URL",
    idpEntityIdField: "IDP Identifier (Entity ID)",
    certificateField: "Signing Certificate",
  },
  allowsMultipleCertificates: true,
  supportsMitelCredentials: true,
};
