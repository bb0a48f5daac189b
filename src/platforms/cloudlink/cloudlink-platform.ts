import type { Platform } from "../platform.js";

/** The portal's Email field: the login identifier, in its wording, the user form and the user table. */
const EMAIL_FIELD = "Email";

/** CloudLink: the CloudLink Accounts portal; users sign in with their Email. */
export const cloudlinkPlatform: Platform = {
  id: "cloudlink",
  loginField: "email",
  loginLabel: EMAIL_FIELD,
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
    ssoFeatureLabel: "Add the Microsoft Entra Single Sign On integration",
    ssoFeatureDone: "Added under Account Information > Integrations.",
    ssoFeatureTodo:
      'Account Information > Integrations > + Add new > 3rd party > Add next to "Microsoft Entra Single Sign On" > Done.',
    ssoFeaturePath: "/account-information",
    enabledLabel: "Single Sign-On enabled",
    usersLabel: "Create and register users",
    enableInstruction: "fill in the settings and Save",
    emailField: EMAIL_FIELD,
    settingsTitle: "Microsoft Entra Single Sign On",
    ssoFeatureFirst:
      "Add the Microsoft Entra Single Sign On integration first: + Add new > 3rd party > Add > Done.",
    activateVerb: "Register",
    statusLabels: { pending: "Unregistered", active: "Registered", disabled: "Deactivated" },
    notActiveYetMessage:
      "This user has not completed registration yet. Finish it from the welcome email Mitel sent, or ask your administrator.",
    pendingWords: "not registered yet (Unregistered)",
    activationByEmail: "registers from the invitation email",
    activationTitle: "Registration",
    newUserNote: "The new user is Unregistered until you register it.",
    usersIntro: `The ${EMAIL_FIELD} must equal the user's UPN in Entra. Users must be registered before they can sign in.`,
    userSearchPlaceholder: "Search name, email",
    passwordUse: "Used only if Enable Mitel Credentials (Optional) is on for this account.",
    settingsLinkLabel: "Account Information > Integrations",
    platformPickerNote: "CloudLink Accounts portal",
  },
  allowsMultipleCertificates: true,
  supportsMitelCredentials: true,
  userModel: "first-and-last-name",
  userFormFields: [
    { name: "firstName", label: "First Name", type: "text", help: "", required: true },
    { name: "lastName", label: "Last Name", type: "text", help: "", required: true },
    {
      name: "email",
      label: EMAIL_FIELD,
      type: "email",
      help: "It must equal the user's UPN in Entra (e.g. B.Simon@contoso.com). Name is derived from First and Last Name.",
      required: true,
    },
  ],
  userListColumns: [
    { header: "First Name", field: "firstName", code: false },
    { header: "Last Name", field: "lastName", code: false },
    { header: EMAIL_FIELD, field: "email", code: true },
  ],
  ssoOpensWith: "integration",
};
