// Open a Flink web UI page in Debian's headless Chromium (driven by playwright-core, no browser
// download) and save a screenshot and/or the rendered DOM. Used by scripts/ui-snapshot.sh and
// scripts/ui-check.sh.
//   node scripts/ui/ui.mjs --url URL [--wait-text T]... [--png OUT.png] [--dom OUT.html] [--timeout MS]
// Waits until the page's text contains every --wait-text and the job graph has drawn its nodes,
// then captures. The Flink UI (Angular) polls the REST API forever, so "network idle" or a
// virtual-time budget never arrives: this waits on conditions, with a hard timeout.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opts = { waitText: [], timeout: 60000, width: 1400, height: 860 };
for (let i = 0; i < args.length; i++) {
  const a = args[i], v = args[i + 1];
  switch (a) {
    case '--url': opts.url = v; i++; break;
    case '--wait-text': opts.waitText.push(v); i++; break;
    case '--png': opts.png = v; i++; break;
    case '--dom': opts.dom = v; i++; break;
    case '--timeout': opts.timeout = Number(v); i++; break;
    case '--size': [opts.width, opts.height] = v.split('x').map(Number); i++; break;
    default: console.error(`unknown argument: ${a}`); process.exit(2);
  }
}
if (!opts.url) { console.error('--url is required'); process.exit(2); }

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'fsj-chromium-'));
let context;
const hardStop = setTimeout(() => {
  console.error(`ui.mjs: gave up after ${opts.timeout + 30000} ms`);
  process.exit(3);
}, opts.timeout + 30000);
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: opts.width, height: opts.height },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: opts.timeout,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(opts.timeout);
  await page.goto(opts.url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((texts) => {
    const body = document.body ? document.body.innerText : '';
    const nodes = document.querySelectorAll('flink-dagre g.node, svg g.node');
    return nodes.length > 0 && texts.every((t) => body.includes(t));
  }, opts.waitText, { timeout: opts.timeout, polling: 250 });
  // Let the graph's zoom-to-fit transition finish before the picture.
  await page.waitForTimeout(1500);
  if (opts.png) await page.screenshot({ path: opts.png });
  if (opts.dom) writeFileSync(opts.dom, await page.content());
  console.error(`ui.mjs: captured ${opts.url}`);
} catch (e) {
  console.error(`ui.mjs: ${e.message.split('\n')[0]}`);
  if (context && (opts.dom || opts.png)) {
    // Keep what the page showed, to see why the condition failed.
    try {
      const page = context.pages()[0];
      if (opts.dom) writeFileSync(opts.dom, await page.content());
      if (opts.png) await page.screenshot({ path: opts.png });
    } catch { /* ignore */ }
  }
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(hardStop);
}
