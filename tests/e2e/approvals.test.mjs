// The city's written approval of a take-out (長野市 第6-2) in a real browser: the contractor's
// responsible person asks through the take-out form, the city's approver (情報政策課) finds the
// request on the home page and approves it with a condition on its page; a take-out decided
// for the approved person and asset is then allowed within the approval's period and denied
// after it (the request's own time, as a contractor's system sends it), citing the clause; and
// the approval's page shows the decision as its use. The 承認書 then downloads, and the address
// printed under its QR code opens, without an account, the public check, which shows what the
// paper prints, where the approval stands and the SHA-256 of the very file downloaded. Each
// page also at 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth, downloadDocument } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;
const contract = '/contracts/nagano-2026-001';

const submitIn = (page, section) =>
  Promise.all([page.waitForLoadState('load'), page.locator(`${section} button[type="submit"]`).first().click()]);

async function onPhone(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, name);
  await assertFitsTheWidth(page);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function takeOut(page, time) {
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const response = await page.request.post(url('/api/v1/decide'), {
    headers: { 'x-csrf-token': csrf },
    data: { contract: 'nagano-2026-001', person: 'p-tanaka', action: 'take_out', asset: 'spec-v3',
            context: { location: 'hq', purpose: 'nagano-2026-001', time } },
  });
  assert.equal(response.status(), 200, await response.text());
  return response.json();
}

test('a take-out is asked for, approved with a condition, allowed within its period and denied after it', async () => {
  let approval, verifyAddress, sha256;
  const contractor = await launch();
  try {
    const page = await contractor.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(contract));
    await Promise.all([page.waitForLoadState('load'), page.locator(`a[href="${contract}/approvals"]`).click()]);
    assert.match(await page.locator('h1').innerText(), /市の承認/);
    assert.match(await page.locator('#new').innerText(), /長野市 第6-2/);
    await Promise.all([page.waitForLoadState('load'), page.locator('#new a', { hasText: '持ち出し' }).click()]);
    assert.match(await page.locator('h1').innerText(), /持ち出し/);
    assert.equal(await page.locator('#field-copies').count(), 0, 'a take-out asks for no copies');

    await page.locator('#field-purpose').fill('障害調査のため設計書を本社開発室で参照する');
    await page.locator('#field-assets-spec-v3').check();
    await page.locator('#field-people-p-tanaka').check();
    await page.locator('#field-destination').fill('本社 開発室（長野県長野市南長野1-2-3）');
    await page.locator('#field-from').fill('2026-08-01');
    await page.locator('#field-until').fill('2026-08-31');
    await page.locator('#field-measures').fill('施錠できる鞄で運搬する\n持出簿に記録する');
    await onPhone(page, 'approvals-01-request-form-phone');
    await submitIn(page, '#request');
    const address = new URL(page.url());
    assert.match(address.pathname, /\/approvals\/a-\d{4}$/, page.url());
    approval = address.pathname;
    assert.match(await page.locator('[role="status"]').first().innerText(), /承認を申請しました/);
    assert.match(await page.locator('#approval-status').innerText(), /申請中/);
    const details = await page.locator('#request-details').innerText();
    assert.match(details, /田中 美咲/);
    assert.doesNotMatch(details, /p-tanaka/);
    assert.match(details, /施錠できる鞄で運搬する/);
    assert.equal(await page.locator('#withdraw form').count(), 1, 'the requester may withdraw');
    assert.equal(await page.locator('#approve').count(), 0);
    await shot(page, 'approvals-02-requested');
  } finally {
    await contractor.close();
  }

  const city = await launch();
  try {
    const page = await city.newPage();
    await signIn(page, 'kobayashi');
    const waiting = page.locator('#approvals');
    assert.match(await waiting.innerText(), /持ち出し/);
    await onPhone(page, 'approvals-03-city-home-phone');
    await Promise.all([page.waitForLoadState('load'), waiting.locator(`a[href="${approval}"]`).click()]);
    assert.equal(await page.locator('#withdraw').count(), 0);
    await page.locator('#field-approve-conditions').fill('持出しの都度、持出簿に記録し、返却後に情報政策課へ報告すること');
    await onPhone(page, 'approvals-04-decide-phone');
    await submitIn(page, '#approve');
    assert.match(await page.locator('[role="status"]').first().innerText(), /承認しました/);
    assert.match(await page.locator('#approval-status').innerText(), /承認/);
    const decision = await page.locator('#decision').innerText();
    assert.match(decision, /長野市情政第2026-001号-A\d{4}/);
    assert.match(decision, /返却後に情報政策課へ報告すること/);
    assert.match(decision, /小林 明美/);
    assert.equal(await page.locator('#revoke form').count(), 1, 'the approver may revoke');
    assert.match(await page.locator('#document').innerText(), /承認番号/);
    await shot(page, 'approvals-05-approved');
  } finally {
    await city.close();
  }

  const again = await launch();
  try {
    const page = await again.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(approval));
    const within = await takeOut(page, '2026-08-10T01:00:00Z');
    assert.equal(within.decision, 'allow', JSON.stringify(within));
    const after = await takeOut(page, '2026-09-05T01:00:00Z');
    assert.equal(after.decision, 'deny', JSON.stringify(after));
    const outside = after.reasons.find((r) => r.code === 'decision.approval_outside_period');
    assert.ok(outside, JSON.stringify(after.reasons));
    assert.match(outside.clause, /長野市 第6-2/);

    await page.reload();
    assert.match(await page.locator('#use-count').innerText(), /1 回使用/);
    const use = page.locator('#uses a').first();
    await Promise.all([page.waitForLoadState('load'), use.click()]);
    assert.match(new URL(page.url()).pathname, /^\/ledger\/entries\/\d+$/);
    assert.match(await page.locator('body').innerText(), /take_out/);
    await page.goBack();
    await onPhone(page, 'approvals-06-used-phone');
    await shot(page, 'approvals-07-used');

    // The 承認書, as the page offers it.
    const href = await page.locator('#document a').getAttribute('href');
    const issued = await downloadDocument(page, url(href), 'approvals-08-approval', '/approvals/verify');
    const { printed } = issued;
    assert.match(printed, /承\s*認\s*書/);
    assert.match(printed, /返却後に情報政策課へ報告すること/);
    assert.match(printed, /長野市 第6-2/);
    ({ verifyAddress, sha256 } = issued);
    assert.ok(verifyAddress, printed);
  } finally {
    await again.close();
  }

  // Anyone holding the paper: the QR code's address, no account.
  const anyone = await launch();
  try {
    const page = await anyone.newPage();
    const shown = new URL(verifyAddress);
    await page.goto(url(shown.pathname + shown.search));
    const record = await page.locator('.approval-record').innerText();
    assert.match(record, /長野市情政第2026-001号-A\d{4}/);
    assert.match(record, /持ち出し/);
    assert.match(record, /田中 美咲/);
    assert.match(record, /返却後に情報政策課へ報告すること/);
    assert.match(record, /令和8年8月1日から令和8年8月31日まで/);
    assert.match(record, /承認（/);
    assert.match(record, new RegExp(sha256));
    await onPhone(page, 'approvals-09-verify-phone');
    // A token that is not the paper's shows nothing.
    const wrong = await page.goto(url(`/approvals/verify?index=${shown.searchParams.get('index')}&k=0123456789abcdef0123456789abcdef`));
    assert.equal(wrong.status(), 404);
  } finally {
    await anyone.close();
  }
});
