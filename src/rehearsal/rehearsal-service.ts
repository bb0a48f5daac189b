/**
 * Puts both sides of one account into a scenario's state, and back. Before the first scenario the
 * state it touches is saved whole (the account's SSO settings, the chosen user's status, the
 * simulator's application) under the account in the key/value store, shared by replicas and kept
 * across restarts; "put things back" writes exactly that back. Choosing another scenario first
 * puts things back, so scenarios never pile up.
 */
import type { AccountService } from "../accounts/account-service.js";
import type { DirectoryService } from "../directory/directory-service.js";
import type { AccountRecord, SsoSettings } from "../domain/account.js";
import type { UserRecord, UserStatus } from "../domain/user.js";
import type { SimulatorRehearsal } from "../idp-simulator/index.js";
import type { KeyValueStore } from "../storage/ports.js";
import { isScenarioId, type ScenarioId, scenarioOf } from "./scenarios.js";

/** What was there before the scenario, and which scenario is in force. */
export interface SavedState {
  scenario: ScenarioId;
  userId: string;
  login: string;
  at: number;
  sso: SsoSettings;
  userStatus: UserStatus;
  /** The simulator's application, as it stored it. */
  simulatorApp: string;
}

const keyOf = (accountId: string) => `rehearsal:${accountId}`;

export interface RehearsalDeps {
  kv: KeyValueStore;
  accounts: AccountService;
  directory: DirectoryService;
  simulator: SimulatorRehearsal;
  now: () => number;
}

export class RehearsalService {
  constructor(private readonly deps: RehearsalDeps) {}

  /** The scenario in force for this account, or null. */
  async current(accountId: string): Promise<SavedState | null> {
    const raw = await this.deps.kv.get(keyOf(accountId));
    if (raw === undefined) return null;
    const saved = JSON.parse(raw) as SavedState;
    return isScenarioId(saved.scenario) ? saved : null;
  }

  async apply(account: AccountRecord, user: UserRecord, login: string, scenario: ScenarioId): Promise<void> {
    const { simulator } = this.deps;
    await this.restore(account);
    const fresh = await this.deps.accounts.require(account.id);
    const entra = await simulator.view(account.id);
    const simulatorApp = await simulator.save(account.id);
    if (!entra || simulatorApp === null) throw new Error(`No simulator application for ${account.id}`);
    const saved: SavedState = {
      scenario,
      userId: user.id,
      login,
      at: this.deps.now(),
      sso: fresh.sso,
      userStatus: user.status,
      simulatorApp,
    };
    // Saved before anything changes, so a failure half-way can still be put back.
    await this.deps.kv.set(keyOf(account.id), JSON.stringify(saved));
    await scenarioOf(scenario).apply({
      account: fresh,
      user,
      login,
      accounts: this.deps.accounts,
      directory: this.deps.directory,
      simulator,
      entra,
    });
  }

  /** Writes back the saved state; false when there was nothing to put back. */
  async restore(account: AccountRecord): Promise<boolean> {
    const saved = await this.current(account.id);
    if (!saved) return false;
    await this.deps.accounts.update(account.id, { sso: saved.sso });
    if (await this.deps.directory.get(account.id, saved.userId)) {
      await this.deps.directory.setStatus(account, saved.userId, saved.userStatus);
    }
    await this.deps.simulator.restore(account.id, saved.simulatorApp);
    await this.deps.kv.delete(keyOf(account.id));
    return true;
  }
}
