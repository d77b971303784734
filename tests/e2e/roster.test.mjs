// The roster round trip in a real browser, as the issue describes it: the contractor signs in
// and changes the roster; the city officer signs in, sees it waiting, reads the diff and
// acknowledges; the language switch works. A screenshot of each page is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;

test('the contractor changes the roster and the city acknowledges it', async () => {
  const contractor = await launch();
  try {
    const page = await contractor.newPage();
    await signIn(page, 'yamada');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await shot(page, '01-contractor-dashboard');

    await page.goto(url('/contracts/nagano-2026-001'));
    await shot(page, '02-contractor-contract');
    assert.match(await page.locator('body').innerText(), /山田 太郎/);

    await page.goto(url('/contracts/nagano-2026-001/rosters/shinano-is/edit'));
    await shot(page, '03-roster-edit');
    // The add-row button is shown by app.js; the new row comes from a <template>.
    await page.locator('button.add-row[data-rows="worker-rows"]').click();
    const row = page.locator('#worker-rows tr').last();
    await row.locator('select').selectOption('p-sato');
    await row.locator('input[name$=".work"]').fill('夜間障害対応');
    await row.locator('input[name$=".from"]').fill('2026-12-01');
    await page.locator('#note').fill('障害対応の増員');
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').last().click()]);
    const after = await page.locator('body').innerText();
    assert.match(after, /第3版|version 3/, 'the new version is shown after submitting');
    await shot(page, '04-roster-submitted');
  } finally {
    await contractor.close();
  }

  const city = await launch();
  try {
    const page = await city.newPage();
    await signIn(page, 'kobayashi');
    const dashboard = await page.locator('body').innerText();
    assert.match(dashboard, /受領待ちの体制表/);
    assert.match(dashboard, /第3版/);
    await shot(page, '05-city-dashboard');

    await page.locator('a[href*="/contracts/nagano-2026-001/rosters/shinano-is/diff"]').first().click();
    await page.waitForLoadState('load');
    const diff = await page.locator('body').innerText();
    assert.match(diff, /作業者の追加: 佐藤 花子/);
    // Version 2 was never acknowledged: the city reads every change since version 1, and
    // acknowledging version 3 settles version 2 too (長野市 第1).
    assert.match(diff, /第1版 → 第3版/);
    assert.match(diff, /加藤 翔/);
    await shot(page, '06-city-diff');

    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/acknowledge"] button[type="submit"]').first().click()]);
    await page.goto(url('/contracts/nagano-2026-001'));
    const contract = await page.locator('body').innerText();
    assert.match(contract, /受領済/);
    assert.match(contract, /第3版とあわせて受領/);
    await shot(page, '07-city-acknowledged');

    await page.goto(url('/ledger'));
    await shot(page, '08-ledger');
    await page.goto(url('/people/p-sato'));
    await shot(page, '09-person');
  } finally {
    await city.close();
  }
});

test('the language switch turns the pages into English and back', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await signIn(page, 'kobayashi');
    await page.locator('nav.language a[hreflang="en"]').click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto(url('/contracts/nagano-2026-001'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered');
    await shot(page, '10-contract-english');
    await page.locator('nav.language a[hreflang="ja"]').click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  } finally {
    await browser.close();
  }
});

test('a wrong password is refused on the sign-in page and another contractor sees nothing', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url('/login'));
    await page.locator('input[name="login"]').fill('yamada');
    await page.locator('input[name="password"]').fill('wrong password here');
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').first().click()]);
    assert.match(new URL(page.url()).pathname, /\/login/);
    await shot(page, '11-login-refused');
    const response = await page.goto(url('/contracts/nagano-2026-001'));
    assert.match(new URL(page.url()).pathname, /\/login/, 'without a session every page leads to sign-in');
    assert.ok(response.ok());
    await signIn(page, 'ito');
    const kisarazu = await page.goto(url('/contracts/kisarazu-2026-014'));
    assert.equal(kisarazu.status(), 404, 'a subcontractor does not see a contract it is not party to');
  } finally {
    await browser.close();
  }
});

test('an edit overtaken by another version is laid over it and submitted once', async () => {
  const yamada = await launch();
  const admin = await launch();
  try {
    const edit = '/contracts/nagano-2026-001/rosters/shinano-is/edit';
    // 山田 opens the form and ends 鈴木's assignment...
    const first = await yamada.newPage();
    await signIn(first, 'yamada');
    await first.goto(url(edit));
    const suzuki = first.locator('#worker-rows tr:has(input[type="hidden"][value="p-suzuki"])');
    await suzuki.locator('input[name$=".until"]').fill('2027-03-31');
    await first.locator('#note').fill('鈴木の従事終了日');
    // ...while an administrator records another version with a new work location.
    const second = await admin.newPage();
    await signIn(second, 'admin');
    await second.goto(url(edit));
    const location = second.locator('#location-rows tr').last();
    await location.locator('input[name$=".name"]').fill('長野データセンター');
    await location.locator('input[name$=".address"]').fill('長野県長野市若里1-1');
    await second.locator('#note').fill('データセンターの追加');
    await Promise.all([second.waitForLoadState('load'), second.locator('form.roster-form button[type="submit"]').click()]);
    assert.match(await second.locator('body').innerText(), /長野データセンター|体制表を提出しました|提出/);

    // 山田's submission records nothing: the page says what 佐藤 changed and keeps 山田's edit on it.
    await Promise.all([first.waitForLoadState('load'), first.locator('form.roster-form button[type="submit"]').click()]);
    const rebased = await first.locator('body').innerText();
    assert.match(rebased, /編集中に提出された版/);
    assert.match(rebased, /作業場所の追加: 長野データセンター/);
    assert.match(rebased, /データセンターの追加/);
    assert.equal(await first.locator('#worker-rows tr:has(input[type="hidden"][value="p-suzuki"])').locator('input[name$=".until"]').inputValue(), '2027-03-31');
    await shot(first, '10-roster-rebased');
    // Submitted as shown, both changes are one new version.
    await Promise.all([first.waitForLoadState('load'), first.locator('form.roster-form button[type="submit"]').click()]);
    await first.goto(url('/contracts/nagano-2026-001'));
    const contract = await first.locator('body').innerText();
    assert.match(contract, /長野データセンター/);
    assert.match(contract, /2027-03-31|令和9年3月31日/);
  } finally {
    await yamada.close();
    await admin.close();
  }
});

test('a roster refusal sits next to the row it concerns', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await signIn(page, 'yamada');
    await page.goto(url('/contracts/nagano-2026-001/rosters/shinano-is/edit'));
    // 鈴木's assignment ending before it starts.
    await page.locator('#worker-rows tr:has(input[type="hidden"][value="p-suzuki"])').locator('input[name$=".until"]').fill('2020-01-01');
    await page.locator('#note').fill('確認');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.roster-form button[type="submit"]').click()]);
    // The class of a new access row is chosen from the contract's classes.
    assert.ok((await page.locator('#access-rows select[name$=".asset_class"] option').allInnerTexts()).includes('個人情報'));
    const error = page.locator('tr.row-error').first();
    assert.ok(await error.isVisible(), 'the message is under its row');
    assert.match(await error.innerText(), /作業期間の終了日が開始日より前です/);
    // The row above the message is 鈴木's.
    assert.match(await error.evaluate((tr) => tr.previousElementSibling.innerText), /鈴木/);
    assert.doesNotMatch(await page.locator('#form-error').innerText(), /p-[a-z]+/);
    await shot(page, '11-roster-row-error');
  } finally {
    await browser.close();
  }
});
