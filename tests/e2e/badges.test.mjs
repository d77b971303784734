// ID badges (木更津市 第11条(1)) in a real browser, on a phone: the contractor's responsible
// person issues a badge to a worker through the form its command declares, a duplicate number
// is refused with the reason under the number, and the city sees the badge on the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;
const contract = '/contracts/nagano-2026-001';

const submit = (page) =>
  Promise.all([page.waitForLoadState('load'), page.locator('#issue button[type="submit"]').click()]);

async function issue(page, number) {
  await page.locator('#field-number').fill(number);
  await page.locator('#field-person').selectOption('p-suzuki');
  await page.locator('#field-issued').fill('2026-05-01');
  await page.locator('#field-expires').fill('2027-03-31');
  await submit(page);
}

test('a contractor issues a badge on a phone and a duplicate number is refused beside the number', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'yamada');
    await page.goto(url(`${contract}/badges`));
    assert.match(await page.locator('h1').innerText(), /身分証明書/);
    await issue(page, 'E2E-1');
    assert.match(await page.locator('body').innerText(), /身分証明書を貸与しました/);
    assert.match(await page.locator('#badge-E2E-1').innerText(), /鈴木 一郎/);
    await shot(page, 'badges-01-issued-phone');

    await issue(page, 'E2E-1');
    const error = page.locator('#field-number-error');
    await error.waitFor();
    assert.match(await error.innerText(), /すでに/);
    assert.equal(await page.locator('#field-number').getAttribute('aria-invalid'), 'true');
    await shot(page, 'badges-02-refused-phone');
    await assertFitsTheWidth(page);
  } finally {
    await browser.close();
  }

  const city = await launch();
  try {
    const page = await city.newPage();
    await signIn(page, 'kobayashi');
    await page.goto(url(`${contract}/badges`));
    assert.match(await page.locator('#badge-E2E-1').innerText(), /貸与中/);
    await shot(page, 'badges-03-city');
  } finally {
    await city.close();
  }
});
