import type { AccountService } from "./accounts/account-service.js";
import type { SpKeyService } from "./accounts/sp-keys/sp-key-service.js";
import type { AppConfig } from "./config/load-config.js";
import type { Secrets } from "./config/secrets.js";
import type { DirectoryService } from "./directory/directory-service.js";
import type { SimulatorRehearsal } from "./idp-simulator/index.js";
import type { Logger } from "./log.js";
import type { SignInLog } from "./sign-ins/sign-in-log.js";
import type { Storage } from "./storage/ports.js";

/** Everything the HTTP layer may use, built once by the composition root. */
export interface AppContext {
  config: AppConfig;
  secrets: Secrets;
  log: Logger;
  storage: Storage;
  accounts: AccountService;
  /** The accounts' SP key pairs (signed AuthnRequests, encrypted assertions; mock only). */
  spKeys: SpKeyService;
  directory: DirectoryService;
  signIns: SignInLog;
  /** The Entra simulator's rehearsal control; absent when the simulator is off. */
  simulator?: SimulatorRehearsal;
  /** The clock; tests pass a fixed one. */
  now: () => number;
}
