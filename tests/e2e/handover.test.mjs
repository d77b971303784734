// Hand-overs in a real browser (木更津市 第11条(3)(4)): the receivers offered are the people who
// may receive what is handed over; the receiver sees a hand-over waiting on their home page;
// the giver withdraws it with a reason and the assets stay with them. Pages at 390 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;
const transfers = '/contracts/nagano-2026-001/transfers';

const submit = (page, form) =>
  Promise.all([page.waitForLoadState('load'), page.locator(`${form} button[type="submit"]`).click()]);

test('the giver offers only permitted receivers, the receiver sees it waiting, the giver withdraws it', async () => {
  let id;
  const giver = await launch();
  try {
    const page = await giver.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(transfers));
    const receivers = await page.locator('#field-to option').allInnerTexts();
    // 鈴木 may view 個人情報; 田中's assignment on this contract has ended; 渡辺's too.
    assert.ok(receivers.some((r) => /鈴木 一郎.*個人情報/.test(r)), receivers.join('\n'));
    assert.ok(!receivers.some((r) => /田中 美咲|渡辺 さくら/.test(r)), receivers.join('\n'));
    await page.locator('#field-assets-juminhyo-2026-04').check();
    // Back to the city, which may always receive.
    await page.locator('#field-to').selectOption('p-kobayashi');
    await page.locator('#field-note').fill('照合の終了による返却');
    await submit(page, '#hand-over form');
    const row = page.locator('tbody tr', { hasText: 'juminhyo-2026-04' }).first();
    assert.match(await row.innerText(), /受領確認待ち/);
    id = (await row.getAttribute('id')).replace(/^transfer-/, '');
  } finally {
    await giver.close();
  }

  // The receiver's home page lists it, linking to it.
  const receiver = await launch();
  try {
    const page = await receiver.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'kobayashi');
    const todo = page.locator(`a[href$="/transfers#transfer-${id}"]`);
    assert.equal(await todo.count(), 1, 'the hand-over waits on the home page');
    await assertFitsTheWidth(page);
  } finally {
    await receiver.close();
  }

  const again = await launch();
  try {
    const page = await again.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(transfers));
    const row = page.locator(`#transfer-${id}`);
    await row.locator('details.cancel summary').click();
    await row.locator('textarea[name="reason"]').fill('受領者の誤り');
    await Promise.all([page.waitForLoadState('load'), row.locator('details.cancel button[type="submit"]').click()]);
    assert.match(await page.locator('[role="status"]').first().innerText(), /授受を取り消しました/);
    const cancelled = await page.locator(`#transfer-${id}`).innerText();
    assert.match(cancelled, /取消し/);
    assert.match(cancelled, /受領者の誤り/);
    await shot(page, 'handover-01-cancelled');
    // The asset is with 山田 again and can be handed over.
    assert.equal(await page.locator('#field-assets-juminhyo-2026-04').count(), 1);
  } finally {
    await again.close();
  }

  // Nothing waits for the receiver any more.
  const later = await launch();
  try {
    const page = await later.newPage();
    await signIn(page, 'kobayashi');
    assert.equal(await page.locator(`a[href$="/transfers#transfer-${id}"]`).count(), 0);
  } finally {
    await later.close();
  }
});
