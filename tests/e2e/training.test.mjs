// A new hire, from registration to an allowed read of 個人情報, without the command line: the
// contractor's responsible person registers the person on the roster form and names them for
// 個人情報, registers a course and records the person's training on the workers' page, the city
// acknowledges the roster, and a decision allows the read — and denies it the day after the
// training expires (the request's own time, as a contractor's system would send it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;
const contract = '/contracts/nagano-2026-001';

const submitIn = (page, section) =>
  Promise.all([page.waitForLoadState('load'), page.locator(`${section} button[type="submit"]`).first().click()]);

async function decide(page, person, time) {
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const context = { location: 'hq', purpose: 'nagano-2026-001' };
  if (time) context.time = time;
  const response = await page.request.post(url('/api/v1/decide'), {
    headers: { 'x-csrf-token': csrf },
    data: { contract: 'nagano-2026-001', person, action: 'read', class: '個人情報', context },
  });
  assert.equal(response.status(), 200, await response.text());
  return response.json();
}

test('a contractor brings a new hire to an allowed read of personal information', async () => {
  const contractor = await launch();
  let hire;
  try {
    const page = await contractor.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(`${contract}/rosters/shinano-is/edit`));
    await page.locator('#hire summary').click();
    await page.locator('#field-name').fill('新人 花子');
    await page.locator('#field-title').fill('システムエンジニア');
    await page.locator('#field-email').fill('shinjin@shinano-is.example');
    await submitIn(page, '#hire');
    hire = new URL(page.url()).searchParams.get('add');
    assert.match(hire ?? '', /^p-\d{5}$/, `the new hire's id is in the address: ${page.url()}`);
    await shot(page, 'training-01-hired');

    // The new hire is the worker row before the blank one; name them for 個人情報.
    const rows = page.locator('#worker-rows tr');
    const added = rows.nth((await rows.count()) - 2);
    assert.equal(await added.locator('select').inputValue(), hire);
    await added.locator('input[name$=".work"]').fill('運用監視');
    const access = page.locator('#access-rows tr').last();
    await access.locator('select[name$=".asset_class"]').selectOption('個人情報');
    await access.locator('select[name$=".person"]').selectOption(hire);
    await page.locator('#note').fill('新規採用者の追加');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.roster-form button[type="submit"]').last().click()]);
    assert.match(await page.locator('body').innerText(), /体制表の新しい版を提出しました/);

    // Before any training the read is denied, citing 長野市 第4.
    await page.goto(url(`${contract}/workers`));
    assert.match(await page.locator(`#worker-${hire}`).innerText(), /受講記録なし/);
    const before = await decide(page, hire);
    assert.equal(before.decision, 'deny');
    assert.equal(before.reasons[0].code, 'decision.training_missing');
    assert.match(before.reasons[0].clause, /長野市 第4/);

    await page.locator('#field-course-title').fill('個人情報保護研修');
    await page.locator('#field-course-valid_for').fill('P1Y');
    await submitIn(page, '#course');
    assert.match(await page.locator('body').innerText(), /講座を登録しました/);
    await page.locator('#field-session-date').fill('2026-03-20');
    await page.locator('#field-session-place').fill('本社会議室');
    await page.locator(`#field-session-attendees-${hire}`).check();
    await submitIn(page, '#session');
    assert.match(await page.locator('body').innerText(), /教育の実施を記録しました/);
    const row = await page.locator(`#worker-${hire}`).innerText();
    assert.match(row, /新人 花子/);
    assert.match(row, /有効/);
    assert.match(row, /2027-03-19/);
    await shot(page, 'training-02-standing');
    await page.setViewportSize({ width: 390, height: 844 });
    await assertFitsTheWidth(page);
    await shot(page, 'training-03-standing-phone');
  } finally {
    await contractor.close();
  }

  const city = await launch();
  try {
    const page = await city.newPage();
    await signIn(page, 'kobayashi');
    await page.goto(url(`${contract}/rosters/shinano-is/diff`));
    assert.match(await page.locator('body').innerText(), /新人 花子/);
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/acknowledge"] button[type="submit"]').first().click()]);
    await page.goto(url(`${contract}/workers`));
    assert.match(await page.locator(`#worker-${hire}`).innerText(), /有効/, "the city sees the worker's standing");
  } finally {
    await city.close();
  }

  const again = await launch();
  try {
    const page = await again.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(`${contract}/workers`));
    const allowed = await decide(page, hire);
    assert.equal(allowed.decision, 'allow', JSON.stringify(allowed));
    const lastDay = await decide(page, hire, '2027-03-19T14:59:59Z');
    assert.equal(lastDay.decision, 'allow', JSON.stringify(lastDay));
    const dayAfter = await decide(page, hire, '2027-03-19T15:00:00Z');
    assert.equal(dayAfter.decision, 'deny');
    assert.equal(dayAfter.reasons[0].code, 'decision.training_expired');
    assert.match(dayAfter.reasons[0].clause, /長野市 第4/);
  } finally {
    await again.close();
  }
});

// An e-learning export chosen as a file in a real browser (multipart/form-data), previewed and
// recorded; then the training report for the city (長野市 第4) issued, downloaded and checked on
// its public page by someone without an account.
test('a contractor uploads an e-learning export and issues the training report the city can check', async () => {
  const contractor = await launch();
  let verify;
  try {
    const page = await contractor.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(`${contract}/workers`));
    await page.locator('#field-course-title').fill('情報セキュリティ eラーニング');
    await page.locator('#field-course-valid_for').fill('P1Y');
    await submitIn(page, '#course');
    const csv = 'メールアドレス,修了日,合否\r\nsuzuki@shinano-is.example,2026-09-01,合格\r\n';
    await page.locator('#field-import-file').setInputFiles({ name: '受講記録.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await submitIn(page, '#import');
    const preview = await page.locator('#import table').innerText();
    assert.match(preview, /鈴木 一郎/);
    await Promise.all([page.waitForLoadState('load'), page.locator('#import button[name="confirm"]').click()]);
    assert.match(await page.locator('body').innerText(), /受講記録を取り込みました/);
    assert.match(await page.locator('#worker-p-suzuki').innerText(), /有効/);

    await page.locator('#field-report-organisation').selectOption('shinano-is');
    await submitIn(page, '#reports');
    assert.match(page.url(), /\/training-reports\/\d+$/);
    const facts = await page.locator('dl.facts').innerText();
    assert.match(facts, /株式会社しなの情報システム/);
    const pdf = await page.request.get(url(`${new URL(page.url()).pathname}/report.pdf`));
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');
    verify = await page.locator('a[href^="/training-reports/verify?"]').getAttribute('href');
    await shot(page, 'training-04-report');
    await page.setViewportSize({ width: 390, height: 844 });
    await assertFitsTheWidth(page);
  } finally {
    await contractor.close();
  }

  const anyone = await launch();
  try {
    const page = await anyone.newPage();
    await page.goto(url(verify));
    const text = await page.locator('body').innerText();
    assert.match(text, /長野市情政第2026-001号/);
    assert.match(text, /株式会社しなの情報システム/);
    await shot(page, 'training-05-report-verify');
  } finally {
    await anyone.close();
  }
});
