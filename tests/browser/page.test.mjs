// End-to-end test of the web page: builds a store from the bundled examples, starts the
// server on a free loopback port, drives headless Debian Chromium with playwright-core,
// and saves screenshots.
//
// Environment:
//   EVENTWATCH_SCREENSHOTS  where to write the screenshots (default: a temp dir, printed)
//   EVENTWATCH_SERVE        the command that serves, given `--db FILE --addr HOST:PORT`
//                           (default: `cargo run -q -- serve`)
//   CHROMIUM                the browser (default /usr/bin/chromium)
// Run from anywhere: paths are relative to the repository root, two levels up.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'eventwatch-browser-'));
const shots = resolve(process.env.EVENTWATCH_SCREENSHOTS || join(work, 'screenshots'));
mkdirSync(shots, { recursive: true });
const serveCommand = (process.env.EVENTWATCH_SERVE || 'cargo run -q -- serve')
  .split(/\s+/).filter(Boolean);

function step(what) {
  console.log(`browser test: ${what}`);
}

async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitForServer(base, server) {
  const deadline = Date.now() + 300_000; // the first run may compile the server
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      const r = await fetch(`${base}/api/stats`);
      if (r.ok) return r.json();
    } catch { /* not listening yet */ }
    await new Promise((ok) => setTimeout(ok, 300));
  }
  throw new Error(`no answer from ${base} within 5 minutes`);
}

async function main() {
  const db = join(work, 'x.db');
  step(`ingesting examples/ into ${db}`);
  const ingest = spawnSync('cargo', ['run', '-q', '--', 'ingest', 'examples', '--db', db,
    '--rejects', join(work, 'rejects.jsonl')], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  assert.equal(ingest.status, 0, `eventwatch ingest failed: ${ingest.stderr}`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  step(`starting ${serveCommand.join(' ')} on ${base}`);
  const server = spawn(serveCommand[0], [...serveCommand.slice(1), '--db', db, '--addr', `127.0.0.1:${port}`],
    { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  let context;
  const profile = mkdtempSync(join(tmpdir(), 'eventwatch-chromium-'));
  try {
    const stats = await waitForServer(base, server);
    assert.ok(stats.events > 0, 'the store has events');

    // A fresh profile directory (playwright passes it as --user-data-dir).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] || await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

    step('loading the page');
    await page.goto(`${base}/`);
    await page.waitForSelector('#status[data-state="ready"]');
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length > 100);
    const markers = await page.locator('path.ev-marker').count();
    assert.ok(markers > 10, `markers on the map: ${markers}`);
    const bars = await page.locator('#timeline rect.bar').count();
    assert.ok(bars > 5, `timeline bars: ${bars}`);
    await page.screenshot({ path: join(shots, '01-overview.png') });

    step('filtering: country IRQ, at least 1 killed');
    await page.fill('#f-country', 'IRQ');
    await page.fill('#f-min', '1');
    await page.click('#apply');
    await page.waitForFunction(() => {
      const s = document.querySelector('#status');
      return s.dataset.state === 'ready' && [...document.querySelectorAll('#events-table tbody tr')]
        .every((r) => r.cells[2].textContent.includes('(IRQ)'));
    });
    const rows = await page.locator('#events-table tbody tr').count();
    assert.ok(rows > 0, 'filtered rows');
    const killed = await page.$$eval('#events-table tbody tr td.num',
      (cells) => cells.map((c) => Number(c.textContent.replace(/[()]/g, ''))));
    assert.ok(killed.every((n) => n >= 1), `every row has fatalities >= 1: ${killed}`);
    await page.screenshot({ path: join(shots, '02-filtered.png') });

    step('clicking an event on the map');
    // Markers are drawn largest first: the last one is on top of any it overlaps.
    const marker = page.locator('path.ev-marker').last();
    await marker.click({ force: true });
    await page.waitForSelector('#panel[data-state="ready"]');
    const id = await page.getAttribute('#panel', 'data-event');
    const detail = await (await fetch(`${base}/api/events/${id}`)).json();
    const marks = await page.$$eval('#panel mark[data-fields]',
      (ms) => ms.map((m) => ({ field: m.dataset.field, text: m.textContent })));
    assert.ok(marks.length > 0, 'highlighted words in the panel');
    const evidence = detail.sentences.flatMap((s) => s.evidence);
    for (const m of marks) {
      assert.ok(evidence.some((e) => e.field === m.field && e.text.includes(m.text)),
        `highlight ${JSON.stringify(m)} is the text of a ${m.field} evidence span`);
    }
    assert.ok(marks.some((m) => m.field === 'event_type'), 'the words behind the event type are highlighted');
    await page.screenshot({ path: join(shots, '03-event-from-map.png') });

    step('clicking the seed article\'s Nasiriyah event in the table');
    const row = page.locator('#events-table tbody tr', { hasText: 'Nasiriyah' }).first();
    await row.click();
    await page.waitForFunction(() => {
      const p = document.querySelector('#panel');
      return p.dataset.state === 'ready' && p.textContent.includes('Nasiriyah');
    });
    const fields = await page.$$eval('#panel mark[data-fields]', (ms) => ms.map((m) => m.dataset.fields));
    for (const f of ['event_type', 'location', 'fatalities']) {
      assert.ok(fields.some((x) => x.split(' ').includes(f)), `${f} is highlighted: ${fields}`);
    }
    await page.screenshot({ path: join(shots, '04-event-from-table.png') });

    step('brushing the timeline');
    await page.click('#reset-filters');
    await page.waitForSelector('#status[data-state="ready"]');
    await page.waitForFunction(() => document.querySelectorAll('#timeline rect.bar').length > 5);
    const box = await page.locator('#timeline').boundingBox();
    const before = await page.locator('#events-table tbody tr').count();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('#brush-label').textContent !== '' &&
      document.querySelector('#status').dataset.state === 'ready');
    const after = await page.locator('#events-table tbody tr').count();
    assert.ok(after < before, `brushing narrows the table: ${before} -> ${after}`);
    const href = await page.getAttribute('#x-csv', 'href');
    assert.match(href, /from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d/);
    await page.screenshot({ path: join(shots, '05-brushed.png') });

    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'the page loads nothing from other hosts');
    assert.deepEqual(problems, [], 'no errors in the page');
    step(`passed; screenshots in ${shots}`);
  } finally {
    if (context) await context.close();
    server.kill('SIGTERM');
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => {
  rmSync(join(work, 'x.db'), { force: true });
}).catch((err) => {
  console.error(`browser test failed: ${err.stack || err}`);
  process.exitCode = 1;
});
