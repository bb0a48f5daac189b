import type { Platform } from "../platform.js";

/** The portal's user field names, shared by its wording, the user form and the user table. */
const EMAIL_FIELD = "Business Email Address";
const LOGIN_FIELD = "Username";

/** MiCloud Connect: the Mitel Account portal and Teamwork; users sign in with their Username. */
export const micloudPlatform: Platform = {
  id: "micloud",
  loginField: "username",
  loginLabel: LOGIN_FIELD,
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
    emailField: EMAIL_FIELD,
    settingsTitle: "Connect Single Sign-On Settings",
    ssoFeatureFirst:
      "Activate Single Sign-On first (Phone System > Add-On Features > Single Sign-On > Activate).",
    activateVerb: "Activate",
    statusLabels: { pending: "Not activated", active: "Active", disabled: "Deactivated" },
    notActiveYetMessage:
      "This user is not activated yet. Finish the activation from the email Mitel sent, or ask your administrator to activate it.",
    pendingWords: "not activated yet",
    activationByEmail: "activates from the welcome email",
    activationTitle: "Activation",
    newUserNote: "The new user is not activated until you activate it.",
    usersIntro: `The ${LOGIN_FIELD} must equal the user's UPN in Entra. Users must be activated before they can sign in.`,
    userSearchPlaceholder: "Search name, email, username",
    passwordUse: "Used by the sign-in page only where password sign-in is offered.",
    settingsLinkLabel: "Phone System > Add-On Features",
    platformPickerNote: "Mitel Account portal, Teamwork",
  },
  allowsMultipleCertificates: false,
  supportsMitelCredentials: false,
  userModel: "name-and-username",
  userFormFields: [
    { name: "name", label: "Name", type: "text", help: "", required: true },
    { name: "email", label: EMAIL_FIELD, type: "email", help: "", required: true },
    {
      name: "username",
      label: LOGIN_FIELD,
      type: "text",
      help: `Defaults to the ${EMAIL_FIELD}. It must equal the user's UPN in Entra (e.g. B.Simon@contoso.com).`,
      required: false,
    },
  ],
  userListColumns: [
    { header: EMAIL_FIELD, field: "email", code: false },
    { header: LOGIN_FIELD, field: "username", code: true },
  ],
  ssoOpensWith: "activation",
};
