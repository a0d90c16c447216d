// What every browser test needs: a fresh samling server on a free port with its own database,
// Debian's Chromium driven by playwright-core, and small helpers to wait for what the page shows.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const artifacts = join(here, 'artifacts');
export const binary = process.env.SAMLING_BIN || join(root, 'build', 'samling');
export const chromiumPath = process.env.SAMLING_CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/**
 * A samling server of its own; `kill()` ends it hard, `terminate()` stops it gracefully, `start()`
 * brings it back on the same port and file, `restart()` does kill and start.
 */
export async function startServer({ webDir = process.env.SAMLING_WEB_DIR } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'samling-browser-'));
  const port = await freePort();
  const db = join(dir, 'samling.db');
  const server = { dir, port, db, url: `http://127.0.0.1:${port}`, process: null };
  server.start = async () => {
    const args = ['serve', '--port', String(port), '--bind', '127.0.0.1', '--db', db];
    if (webDir) args.push('--web-dir', webDir);
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    server.process = child;
    let log = '';
    await new Promise((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        log += chunk;
        if (log.includes('listening on')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`samling exited with ${code}: ${log}`)));
    });
    child.removeAllListeners('exit');
  };
  server.kill = async () => {
    const child = server.process;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };
  /** A graceful stop, as a service manager does it (SIGTERM); resolves to the exit code. */
  server.terminate = async () => {
    const child = server.process;
    if (!child || child.exitCode !== null) return child?.exitCode;
    const gone = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return gone;
  };
  server.restart = async () => { await server.kill(); await server.start(); };
  server.stop = async () => { await server.kill(); rmSync(dir, { recursive: true, force: true }); };
  await server.start();
  return server;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A page in its own context (its own storage: one person on one device). */
export async function newPerson(browser, viewport = { width: 390, height: 844 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return { context, page };
}

export async function createWorkshop(server, body) {
  const r = await fetch(`${server.url}/api/workshops`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`create: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function archive(server, id, key) {
  const r = await fetch(`${server.url}/api/workshops/${id}/export.json?key=${key}`);
  if (!r.ok) throw new Error(`archive: ${r.status}`);
  return r.json();
}

export function saveArtifact(name) {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, name);
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axeViolations(page) {
  // Evaluated through the driver, not injected as a <script>: the page's CSP stays as served.
  await page.evaluate(readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

let conversations = 0;

/** Sends protocol frames as a client other than ours would, from a blank page of the server's origin. */
export async function speakWith(browser, server, frames) {
  const { context, page } = await newPerson(browser);
  await page.goto(`${server.url}/api/server`);
  const results = await page.evaluate(async ({ url, prefix, hello, commands }) => {
    const ws = new WebSocket(url);
    const waiting = new Map();
    let welcomed;
    const welcome = new Promise((resolve) => { welcomed = resolve; });
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.type === 'welcome') welcomed(f);
      if ((f.type === 'ack' || f.type === 'error') && f.op) waiting.get(f.op)?.(f);
    };
    await new Promise((resolve) => { ws.onopen = resolve; });
    ws.send(JSON.stringify(hello));
    await welcome;
    const out = [];
    for (const [i, body] of commands.entries()) {
      // Op ids are unique per participant for the whole workshop, across connections.
      const op = `${prefix}-${i}`;
      const done = new Promise((resolve) => waiting.set(op, resolve));
      ws.send(JSON.stringify({ ...body, op }));
      out.push(await done);
    }
    ws.close();
    return out;
  }, { url: `${server.url.replace('http', 'ws')}/ws`, prefix: `s${++conversations}`, ...frames });
  await context.close();
  for (const r of results) if (r.type !== 'ack') throw new Error(`refused: ${JSON.stringify(r)}`);
  return results;
}
