// The end of a contract in a real browser (長野市 第9; 木更津市 第5条): the city starts closing and
// instructs the erasure of everything still out; the contractor, told on its home page, erases
// the two assets the city handed over, and the city's attempt to close the contract is refused
// with the list, citing the clause, while the copy made under an approval is still out; the
// contractor erases the copy, downloads the 廃棄・消去証明書 of each act, and the address printed
// under the QR code opens, without an account, what the ledger holds of the act with the SHA-256
// of the very file downloaded; the city then closes the contract. Closing cannot be undone, so
// this runs on an instance of its own. Each page also at 390 px, and the register of devices too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth, ownInstance, downloadDocument } from './browser.mjs';

const contract = '/contracts/nagano-2026-001';
const api = '/api/v1/contracts/nagano-2026-001';

// YYYY-MM-DD in Japan, `days` from today: the day the server checks against.
function day(days = 0) {
  const at = new Date(Date.now() + 9 * 3600 * 1000 + days * 86400 * 1000);
  return at.toISOString().slice(0, 10);
}

async function onPhone(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, name);
  await assertFitsTheWidth(page);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const submitIn = (page, section) =>
  Promise.all([page.waitForLoadState('load'), page.locator(`${section} button[type="submit"]`).first().click()]);

// A JSON call as the person signed in on `page`, with the page's CSRF token.
async function call(page, base, path, data) {
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const response = await page.request.post(new URL(path, base).href, { headers: { 'x-csrf-token': csrf }, data });
  assert.equal(response.status(), 201, `${path}: ${await response.text()}`);
  return response.json();
}

// The contractor records an act of erasure through the page's form.
async function erase(page, assets, performedBy, witnessedBy) {
  const form = page.locator('#record');
  for (const asset of assets) await form.locator(`input[name="assets.${asset}"]`).check();
  await form.locator('select[name="disposition"]').selectOption('erased');
  await form.locator('input[name="method"], textarea[name="method"]').fill('NIST SP 800-88 Purge（暗号化消去）、紙は溶解処理');
  await form.locator('select[name="performed_by"]').selectOption(performedBy);
  await form.locator('select[name="witnessed_by"]').selectOption(witnessedBy);
  await form.locator('input[name="performed_on"]').fill(day());
  await form.locator('select[name="instruction"]').selectOption('i-0001');
  await submitIn(page, '#record');
  assert.match(await page.locator('[role="status"]').first().innerText(), /記録しました/);
}

test('the city instructs erasure at the end, closing is refused while a copy is out, and the certificate verifies', async () => {
  const instance = await ownInstance('e2e.itaku/closing');
  const url = (path) => new URL(path, instance.url).href;
  try {
    // Given: a copy of the design document, made under the city's approval (長野市 第6-2).
    const as = async (login, calls) => {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await signIn(page, login, instance.url);
        await page.goto(url(contract));
        await calls(page);
      } finally {
        await browser.close();
      }
    };
    await as('yamada', (page) => call(page, instance.url, `${api}/approvals`, {
      type: 'copy', organisation: 'shinano-is', purpose: '改修作業の参照用に複写する', assets: ['spec-v3'],
      people: ['p-suzuki'], from: day(), until: day(30), copies: 1, measures: ['施錠保管'],
    }));
    await as('kobayashi', (page) => call(page, instance.url, `${api}/approvals/a-0001/decision`, { outcome: 'approved' }));
    await as('yamada', (page) => call(page, instance.url, `${api}/assets`, {
      id: 'spec-v3-copy-1', class: 'design', description: '住民記録システム設計書 第3版（複写1）', origin: 'copy',
      copy_of: 'spec-v3', media: '紙', quantity: '1冊', custodian: 'p-suzuki', location: '本社 開発室',
      approval: 'a-0001',
    }));

    // The city starts closing and instructs the erasure of everything still out.
    const city = await launch();
    try {
      const page = await city.newPage();
      await signIn(page, 'kobayashi', instance.url);
      await page.goto(url(contract));
      await Promise.all([page.waitForLoadState('load'), page.locator(`a[href="${contract}/closing"]`).first().click()]);
      const list = await page.locator('#outstanding').innerText();
      assert.match(list, /住民記録システム設計書 第3版（複写1）/);
      await submitIn(page, '#start');
      assert.match(await page.locator('#contract-state').innerText(), /終了手続中/);

      await page.goto(url(`${contract}/disposal`));
      const instruct = page.locator('#instruct');
      await instruct.locator('select[name="disposition"]').selectOption('erased');
      await instruct.locator('input[name="due"]').fill(day(14));
      await instruct.locator('textarea[name="note"], input[name="note"]').fill('契約の終了に伴い、複製物を含めすべて消去すること');
      await onPhone(page, 'disposal-01-instruct-phone');
      await submitIn(page, '#instruct');
      assert.match(await page.locator('[role="status"]').first().innerText(), /指示しました/);
      const instruction = await page.locator('#instruction-i-0001').innerText();
      assert.match(instruction, /住民基本台帳データ（2026年4月分）/);
      assert.match(instruction, /住民記録システム設計書 第3版（複写1）/);
      assert.match(instruction, /小林 明美/);
      await shot(page, 'disposal-02-instructed');
    } finally {
      await city.close();
    }

    // The contractor sees it waiting, and erases the two assets the city handed over.
    const contractor = await launch();
    try {
      const page = await contractor.newPage();
      await signIn(page, 'yamada', instance.url);
      assert.match(await page.locator('body').innerText(), /市の指示 i-0001/);
      await page.goto(url(`${contract}/disposal`));
      await erase(page, ['juminhyo-2026-04', 'spec-v3'], 'p-sato', 'p-yamada');
      const act = await page.locator('#disposal-d-0001').innerText();
      assert.match(act, /佐藤 花子/);
      assert.match(act, /山田 太郎/);
      assert.match(act, /未発行/);
      await onPhone(page, 'disposal-03-erased-phone');
    } finally {
      await contractor.close();
    }

    // While the copy is out, closing is refused with the list and the clause.
    const refused = await launch();
    try {
      const page = await refused.newPage();
      await signIn(page, 'kobayashi', instance.url);
      await page.goto(url(`${contract}/closing`));
      const answer = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/closing/close')),
                                        page.locator('#close button[type="submit"]').click()]);
      assert.equal(answer[0].status(), 409);
      await page.waitForLoadState('load');
      const refusal = await page.locator('#closing-refused').innerText();
      assert.match(refusal, /契約を終了できません/);
      assert.match(refusal, /spec-v3-copy-1/);
      assert.match(refusal, /長野市 第9/);
      assert.doesNotMatch(refusal, /juminhyo-2026-04/);
      assert.match(await page.locator('#contract-state').innerText(), /終了手続中/);
      await onPhone(page, 'disposal-04-refused-phone');
    } finally {
      await refused.close();
    }

    // The contractor erases the copy and downloads each act's certificate.
    let verifyAddress, sha256;
    const again = await launch();
    try {
      const page = await again.newPage();
      await signIn(page, 'yamada', instance.url);
      await page.goto(url(`${contract}/disposal`));
      await erase(page, ['spec-v3-copy-1'], 'p-suzuki', 'p-sato');
      assert.match(await page.locator('#disposal-d-0002').innerText(), /複写1/);
      for (const act of ['d-0001', 'd-0002']) {
        const href = await page.locator(`#disposal-${act} a[download]`).getAttribute('href');
        const issued =
          await downloadDocument(page, url(href), `disposal-05-certificate-${act}`, '/disposals/verify');
        const { printed } = issued;
        assert.match(printed, /廃\s*棄\s*・\s*消\s*去\s*証\s*明\s*書/);
        assert.match(printed, /長野市 第9/);
        if (act === 'd-0002') {
          assert.match(printed, /spec-v3-copy-1/);
          assert.match(printed, /複製物（原本/);
          ({ verifyAddress, sha256 } = issued);
          assert.ok(verifyAddress, printed);
        }
      }
      await page.reload();
      assert.match(await page.locator('#disposal-d-0002').innerText(), /発行済/);
      await shot(page, 'disposal-06-certified');
    } finally {
      await again.close();
    }

    // Anyone holding the paper: the QR code's address, no account.
    const anyone = await launch();
    try {
      const page = await anyone.newPage();
      const shown = new URL(verifyAddress);
      await page.goto(url(shown.pathname + shown.search));
      const record = await page.locator('.disposal-record').innerText();
      assert.match(record, /情報資産の廃棄・消去証明書/);
      assert.match(record, /住民記録システム設計書 第3版（複写1）/);
      assert.match(record, /複製物（原本 spec-v3）/);
      assert.match(record, /鈴木 一郎/);
      assert.match(record, new RegExp(sha256));
      await onPhone(page, 'disposal-07-verify-phone');
      const wrong = await page.goto(url(`/disposals/verify?index=${shown.searchParams.get('index')}&k=0123456789abcdef0123456789abcdef`));
      assert.equal(wrong.status(), 404);
    } finally {
      await anyone.close();
    }

    // Nothing is left: the city closes the contract.
    const closing = await launch();
    try {
      const page = await closing.newPage();
      await signIn(page, 'kobayashi', instance.url);
      await page.goto(url(`${contract}/closing`));
      await page.locator('#nothing-outstanding').waitFor();
      await submitIn(page, '#close');
      assert.match(await page.locator('[role="status"]').first().innerText(), /契約を終了しました/);
      assert.match(await page.locator('#contract-state').innerText(), /^終了$/);
      await onPhone(page, 'disposal-08-closed-phone');
    } finally {
      await closing.close();
    }
  } finally {
    await instance.close();
  }
});

test('the register of devices and a device with its media fit a phone', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await signIn(page, 'yamada');
    const devices = '/contracts/kisarazu-2026-014/devices';
    await page.goto(new URL(devices, baseUrl).href);
    assert.match(await page.locator('#device-pc-21').innerText(), /管理中/);
    assert.match(await page.locator('#device-usb-03').innerText(), /未確認/);
    await onPhone(page, 'disposal-09-devices-phone');
    await Promise.all([page.waitForLoadState('load'), page.locator(`a[href="${devices}/pc-21"]`).first().click()]);
    assert.match(await page.locator('#device-media').innerText(), /SSD 512GB/);
    await onPhone(page, 'disposal-10-device-phone');
  } finally {
    await browser.close();
  }
});
