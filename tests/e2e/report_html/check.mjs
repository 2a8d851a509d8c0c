// Opens an HTML report written by `conceptlint report --html` in Debian's Chromium (headless),
// checks that it renders its parts, and keeps a screenshot.
// usage: node check.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // A self-contained page: any request to the network is a failure.
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push(`request to ${r.url()}`); });
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  const counts = await page.evaluate(() => ({
    svgs: document.querySelectorAll('svg').length,
    paths: document.querySelectorAll('svg path, svg polyline').length,
    rows: document.querySelectorAll('table tr').length,
    text: document.body.innerText,
  }));
  if (counts.svgs < 3) failures.push(`expected ROC/PR curves and a matrix as SVG, found ${counts.svgs} svg elements`);
  if (counts.paths < 2) failures.push(`expected curves drawn in the SVGs, found ${counts.paths} paths`);
  if (counts.rows < 11) failures.push(`expected a per-concept table with 10 concepts, found ${counts.rows} rows`);
  for (const word of ['airplane', 'truck', 'ROC AUC']) {
    if (!counts.text.includes(word)) failures.push(`the page does not show '${word}'`);
  }
  failures.push(...errors);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`report renders: ${counts.svgs} svg, ${counts.paths} curves, ${counts.rows} table rows; screenshot ${screenshot}`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
