import type { SettingsCheck } from "./settings-check.js";

/** Single Sign-On switched on (the ACS refuses with SSO_DISABLED otherwise). */
export const enabledSetting: SettingsCheck = {
  id: "sso-enabled",
  code: "SSO_DISABLED",
  evaluate({ account }) {
    return account.sso.enabled
      ? { state: "ok", detail: "Single Sign-On is enabled." }
      : {
          state: "todo",
          detail:
            'Tick "Enable Single Sign-On" in the settings and Save (every value above must be filled in first).',
        };
  },
};

/** The platform's Single Sign-On feature: activated (MiCloud) or the integration added (CloudLink). */
export const featureSetting: SettingsCheck = {
  id: "sso-feature",
  code: "SSO_DISABLED",
  evaluate({ account, platform }) {
    const done = account.sso.integrationAdded || account.sso.enabled;
    return {
      state: done ? "ok" : "todo",
      detail: done ? platform.wording.ssoFeatureDone : platform.wording.ssoFeatureTodo,
    };
  },
};
