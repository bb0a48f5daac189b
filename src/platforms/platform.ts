import type { PlatformId } from "./platform-id.js";

/** Which user field a login identifier is matched against (each platform decides). */
export type LoginField = "username" | "email";

/** A Mitel app whose Sign-on URL starts SSO (DESIGN §5). */
export interface SignOnApp {
  /** Stable key, also used as the RelayState that names where to land. */
  key: string;
  /** Path of the Sign-on URL, e.g. /micloud/portal. */
  path: string;
  /** Mitel's own Sign-on URL of this app (the Mitel-shaped URL profile), e.g. https://portal.shoretelsky.com. */
  mitelSignOnUrl: string;
  name: string;
  /** One sentence shown on the landing page. */
  tagline: string;
}

/** One input of the console's add/edit user form (the portal's own user fields). */
export interface UserFormField {
  name: "name" | "email" | "username" | "firstName" | "lastName";
  label: string;
  type: "text" | "email";
  /** Help under the input; empty for none. */
  help: string;
  /** Optional fields (MiCloud's Username defaults to the email) are not `required`. */
  required: boolean;
}

/** One platform-specific column of the console's user table (the Name and Status columns are common). */
export interface UserListColumn {
  header: string;
  field: "email" | "username" | "firstName" | "lastName";
  /** Shown as code: the identifier the NameID is matched against. */
  code: boolean;
}

/** Words the Mitel portal uses for its SSO settings fields (used in hints and screens). */
export interface SettingsWording {
  productName: string;
  portalName: string;
  settingsScreen: string;
  signInUrlField: string;
  idpEntityIdField: string;
  certificateField: string;
  /** The setup checklist's first step: MiCloud's Activate, CloudLink's integration. */
  ssoFeatureLabel: string;
  ssoFeatureDone: string;
  ssoFeatureTodo: string;
  /** The admin screen of that step, under /admin/accounts/{id}. */
  ssoFeaturePath: string;
  enabledLabel: string;
  usersLabel: string;
  /** What turns SSO on in the settings screen, e.g. "tick Enable Single Sign-On and Save". */
  enableInstruction: string;
  /** The user field holding the email address ("Business Email Address" or "Email"). */
  emailField: string;
  /** The title of the SSO settings screen. */
  settingsTitle: string;
  /** Shown when the settings screen is opened before its first step (Activate, or the integration). */
  ssoFeatureFirst: string;
  /** Activating a user: MiCloud activates, CloudLink registers. */
  activateVerb: string;
  /** How the portal names each user status (pending, active, disabled). */
  statusLabels: { pending: string; active: string; disabled: string };
  /** What the sign-on page tells a user who has not completed activation (or registration). */
  notActiveYetMessage: string;
  pendingWords: string;
  activationByEmail: string;
  /** The console's heading over the Activate (Register) button: "Activation" or "Registration". */
  activationTitle: string;
  /** Under the add-user form: what state a new user starts in and what changes it. */
  newUserNote: string;
  /** Above the user table: which field must equal the UPN, and that users must be activated. */
  usersIntro: string;
  /** Placeholder of the user table's search box (which fields it searches). */
  userSearchPlaceholder: string;
  /** What the password a user may have is used for on this platform. */
  passwordUse: string;
  /** Label of the account overview's link to the settings screen (where the portal keeps SSO). */
  settingsLinkLabel: string;
  /** Shown next to the product name where an operator picks a platform for a new account. */
  platformPickerNote: string;
}

/** Everything that differs between MiCloud Connect and CloudLink. */
export interface Platform {
  id: PlatformId;
  /** Which user field the NameID (and the sign-on page's input) is matched against. */
  loginField: LoginField;
  /** Label of the sign-on page's input: "Username" or "Email". */
  loginLabel: string;
  apps: SignOnApp[];
  wording: SettingsWording;
  /** CloudLink lets several signing certificates be pasted one after another. */
  allowsMultipleCertificates: boolean;
  /** CloudLink's "Enable Mitel Credentials (Optional)". */
  supportsMitelCredentials: boolean;
  /**
   * The portal's user fields: MiCloud has one Name, a Business Email Address and a Username that
   * defaults to the email; CloudLink has First and Last Name (Name derived from them) and Email.
   */
  userModel: "name-and-username" | "first-and-last-name";
  /** The add/edit user form's inputs, in the portal's order. */
  userFormFields: UserFormField[];
  /** The user table's columns between Name and Status. */
  userListColumns: UserListColumn[];
  /**
   * What opens the SSO settings screen: MiCloud's Activate (any SSO setting also counts), or
   * CloudLink's Entra integration added under Integrations (seeds add it unless told not to).
   */
  ssoOpensWith: "activation" | "integration";
}
