import type { Platform } from "../platform.js";

/** MiCloud Connect: the Mitel Account portal and Teamwork; users sign in with their Username. */
export const micloudPlatform: Platform = {
  id: "micloud",
  loginField: "username",
  loginLabel: "Username",
  apps: [
    {
      key: "portal",
      path: "/micloud/portal",
      mitelSignOnUrl: "https://portal.shoretelsky.com",
      name: "Mitel Account portal",
      tagline: "Manage your phone system, users and add-on features.",
    },
    {
      key: "teamwork",
      path: "/micloud/teamwork",
      mitelSignOnUrl: "https://teamwork.shoretel.com",
      name: "Teamwork",
      tagline: "Chat, meet and share files with your team.",
    },
  ],
  wording: {
    productName: "MiCloud Connect",
    portalName: "Mitel Account portal",
    settingsScreen: "Phone System > Add-On Features > Single Sign-On > Settings",
    signInUrlField: "Sign-in URL",
    idpEntityIdField: "Entity ID",
    certificateField: "Signing Certificate",
    ssoFeatureLabel: "Activate Single Sign-On",
    ssoFeatureDone: "Activated under Phone System > Add-On Features.",
    ssoFeatureTodo: "Phone System > Add-On Features > Single Sign-On > Activate.",
    ssoFeaturePath: "/phone-system/add-on-features",
    enabledLabel: "Enable Single Sign-On",
    usersLabel: "Create and activate users",
    enableInstruction: "tick Enable Single Sign-On and Save",
    emailField: "Business Email Address",
    settingsTitle: "Connect Single Sign-On Settings",
    ssoFeatureFirst:
      "Activate Single Sign-On first (Phone System > Add-On Features > Single Sign-On > Activate).",
    activateVerb: "Activate",
    statusLabels: { pending: "Not activated", active: "Active", disabled: "Deactivated" },
    notActiveYetMessage:
      "This user is not activated yet. Finish the activation from the email Mitel sent, or ask your administrator to activate it.",
    pendingWords: "not activated yet",
    activationByEmail: "activates from the welcome email",
  },
  allowsMultipleCertificates: false,
  supportsMitelCredentials: false,
  userModel: "name-and-username",
  ssoOpensWith: "activation",
};
