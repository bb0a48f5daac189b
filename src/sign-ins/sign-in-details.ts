import { type AuthnRequestView, authnRequestView } from "../diagnostics/authn-request-view.js";
import { type RecordView, readDetails } from "../diagnostics/record-details.js";
import { STOPPED_AFTER_MS, type StoppedAtEntra, stoppedAtEntra } from "../diagnostics/stopped-at-entra.js";
import type { AccountRecord } from "../domain/account.js";
import type { SignInRecord } from "../domain/sign-in-record.js";
import type { SignInLog } from "./sign-in-log.js";

export interface SignInDetailDeps {
  signIns: SignInLog;
  publicUrl: string;
  now: () => number;
}

/** One record with what the log knows around it. */
export interface SignInDetail {
  record: SignInRecord;
  view: RecordView;
  /** A started sign-in that never came back from Entra. */
  stoppedAtEntra: StoppedAtEntra | null;
  /** For a started record: the ACS attempts that answered its request ID. */
  answeredBy: SignInRecord[];
  /** For an ACS attempt: the started record of its request ID. */
  startedRecord: SignInRecord | null;
  /** The last successful sign-in before this one (what "compare" compares with). */
  baseline: SignInRecord | null;
  /** The AuthnRequest that started it (kept in the started record), decoded. */
  authnRequest: AuthnRequestView | null;
}

async function stoppedState(
  deps: SignInDetailDeps,
  account: AccountRecord,
  record: SignInRecord,
): Promise<{ stopped: StoppedAtEntra | null; answeredBy: SignInRecord[] }> {
  if (record.outcome !== "started" || !record.requestId) return { stopped: null, answeredBy: [] };
  const answeredBy = await deps.signIns.attemptsFor(account.id, record.requestId);
  const lastSuccess = (await deps.signIns.lastSuccessBefore(account.id, deps.now())) ?? null;
  return {
    stopped: stoppedAtEntra(record, answeredBy, deps.now(), account, deps.publicUrl, lastSuccess),
    answeredBy,
  };
}

export async function loadSignInDetail(
  deps: SignInDetailDeps,
  account: AccountRecord,
  traceId: string,
): Promise<SignInDetail | undefined> {
  const record = await deps.signIns.get(account.id, traceId);
  if (!record) return undefined;
  const { stopped, answeredBy } = await stoppedState(deps, account, record);
  let startedRecord: SignInRecord | null = null;
  if (record.outcome !== "started" && record.requestId) {
    const related = await deps.signIns.search({
      accountId: account.id,
      requestId: record.requestId,
      outcome: "started",
      limit: 1,
    });
    startedRecord = related[0] ?? null;
  }
  const baseline =
    record.outcome === "started"
      ? null
      : ((await deps.signIns.lastSuccessBefore(account.id, record.at - 1)) ?? null);
  const authnRequest = authnRequestView(record.outcome === "started" ? record : startedRecord);
  return {
    record,
    view: readDetails(record),
    stoppedAtEntra: stopped,
    answeredBy,
    startedRecord,
    baseline,
    authnRequest,
  };
}

/** A page of the log, with "stopped at Entra" worked out for started records old enough. */
export async function annotateRecords(
  deps: SignInDetailDeps,
  account: AccountRecord,
  records: SignInRecord[],
): Promise<Array<{ record: SignInRecord; stoppedAtEntra: StoppedAtEntra | null }>> {
  const now = deps.now();
  return Promise.all(
    records.map(async (record) => {
      if (record.outcome !== "started" || now - record.at < STOPPED_AFTER_MS)
        return { record, stoppedAtEntra: null };
      return { record, stoppedAtEntra: (await stoppedState(deps, account, record)).stopped };
    }),
  );
}
