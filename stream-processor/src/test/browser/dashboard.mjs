// Drives the dashboard in headless Chromium (playwright-core with the system browser): waits for
// a call to appear, opens it, watches its customer timeline grow, and saves a screenshot;
// waits for the call's domain profile to be listed.
// Usage: node dashboard.mjs URL CALL_ID SCREENSHOT CHROMIUM DOMAIN
import { chromium } from 'playwright-core';

const [url, callId, screenshot, executablePath, domain] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', m => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(url);
  const row = page.locator(`#calls tbody tr[data-call="${callId}"]`);
  await row.waitFor({ timeout: 60000 });
  await row.click();
  const points = async () => Number(await page.locator('#chart-1').getAttribute('data-points') || 0);
  await page.waitForFunction(() => Number(document.querySelector('#chart-1')?.dataset.points || 0) > 0, null, { timeout: 60000 });
  const first = await points();
  await page.waitForFunction(n => Number(document.querySelector('#chart-1')?.dataset.points || 0) > n, first, { timeout: 60000 });
  const later = await points();
  await page.waitForTimeout(3000);
  // The call's declared domain gets a profile, published within the replay.
  await page.locator(`#domains tbody tr[data-domain="${domain}"]`).waitFor({ timeout: 60000 });
  const rows = await page.locator('#calls tbody tr').count();
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ calls: rows, firstPoints: first, laterPoints: later, finalPoints: await points(),
    alerts: await page.locator('#alerts li').count(),
    domains: await page.locator('#domains tbody tr').count(), connection: await page.locator('#connection').textContent() }));
} finally {
  await browser.close();
}
