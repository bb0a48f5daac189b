/**
 * A guest of the simulated tenant (invited in the simulator, UPN jane_fabrikam.com#EXT#@…)
 * signs in to a Mitel account whose user was made with the guest's own address: the ACS answers
 * USER_NOT_FOUND, and the diagnosis produces the guest #EXT# hint (issue 13: the hint existed but
 * could not be produced with the simulator). The SP at localhost, the simulator at 127.0.0.1.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { HostBrowser } from "../helpers/host-browser.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { decodeHtml, inputValue } from "../unit/idp-simulator/simulator-harness.js";

const SIM = TEST_PUBLIC_URL.replace("localhost", "127.0.0.1");
const GUEST_UPN = "jane_fabrikam.com#EXT#@contoso.onmicrosoft.com";
const csrf = (html: string) => inputValue(html, "_csrf") ?? "";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime({ simulator: true, seeds: ["config/seeds/demo-accounts.yaml"] });
});
afterAll(() => rt.dispose());

it("a guest's #EXT# NameID gets USER_NOT_FOUND with the guest hint naming the Mitel user with her own address", async () => {
  const browser = new HostBrowser(rt.app);
  // In the simulator: invite Jane, assign her to the MiCloud Connect app.
  const overview = await browser.get(`${SIM}/entra-sim/`);
  const invited = await browser.postForm(`${SIM}/entra-sim/guests`, {
    _csrf: csrf(overview.text),
    email: "jane@fabrikam.com",
    displayName: "Jane (Fabrikam)",
  });
  expect(invited.status).toBe(303);
  const appId = /href="\/entra-sim\/apps\/([^"]+)"[^>]*>Contoso \(MiCloud Connect\)</.exec(
    (await browser.get(`${SIM}/entra-sim/`)).text,
  )?.[1];
  const appPage = await browser.get(`${SIM}/entra-sim/apps/${appId}`);
  const row = appPage.text.slice(appPage.text.indexOf(`data-assignment="${GUEST_UPN}"`));
  const userId = /name="userId" value="([^"]+)"/.exec(row)?.[1] ?? "";
  expect(
    (
      await browser.postForm(`${SIM}/entra-sim/apps/${appId}/users/assign`, {
        _csrf: csrf(appPage.text),
        userId,
      })
    ).status,
  ).toBe(303);

  // On the Mitel side, Jane exists with her own address as Username.
  const account = await rt.ctx.accounts.require("contoso-micloud");
  await rt.ctx.directory.create(account, {
    name: "Jane Doe",
    email: "jane@fabrikam.com",
    username: "jane@fabrikam.com",
    status: "active",
  });

  const start = await browser.get(`${TEST_PUBLIC_URL}/micloud/contoso-micloud/saml/login`);
  expect(start.status).toBe(302);
  const signInPage = await browser.get(String(start.headers.location));
  expect(signInPage.status).toBe(200);
  const action = decodeHtml(/<form[^>]*action="([^"]*\/sign-in)"/.exec(signInPage.text)?.[1] ?? "");
  const posted = await browser.postForm(new URL(action, SIM).href, {
    _csrf: csrf(signInPage.text),
    pending: inputValue(signInPage.text, "pending") ?? "",
    pick: GUEST_UPN,
  });
  const samlResponse = inputValue(posted.text, "SAMLResponse") ?? "";
  expect(Buffer.from(samlResponse, "base64").toString("utf8")).toContain(`>${GUEST_UPN}</NameID>`);

  const acs = await browser.postForm(
    `${TEST_PUBLIC_URL}/micloud/contoso-micloud/saml/acs`,
    { SAMLResponse: samlResponse, RelayState: inputValue(posted.text, "RelayState") ?? "" },
    { Accept: "application/json" },
  );
  expect(acs.status).toBe(403);
  expect(JSON.stringify(acs.body)).toContain("USER_NOT_FOUND");
  const record = (await rt.ctx.signIns.list("contoso-micloud")).find((r) => r.outcome === "failure");
  expect(record?.failureCode).toBe("USER_NOT_FOUND");
  const text = JSON.stringify(record);
  expect(text).toContain("The NameID is a guest's UPN");
  expect(text).toContain("jane@fabrikam.com");
});
