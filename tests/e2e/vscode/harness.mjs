// code-server + headless Chromium for the VS Code end-to-end test: a private profile per run,
// no network beyond 127.0.0.1, explicit waits, and what was on screen when something fails.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';

const require = createRequire(path.join(process.env.E2E_DEPS ?? process.cwd(), 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A gallery address nothing listens on: code-server never reaches out for extensions. */
const GALLERY = '{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}';

/** PATH without any folder that holds a `conceptlint` executable: the setting must do the work. */
export function pathWithoutConceptlint(envPath = process.env.PATH ?? '') {
  return envPath.split(path.delimiter).filter((d) => d && !fs.existsSync(path.join(d, 'conceptlint'))).join(path.delimiter);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  /** @param {string} entry code-server's out/node/entry.js; @param {string} work the run's folder */
  constructor(entry, work) {
    this.entry = entry;
    this.work = work;
    this.userData = path.join(work, 'user-data');
    this.extensions = path.join(work, 'extensions');
    this.config = path.join(work, 'code-server.yaml');
    this.log = '';
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    fs.mkdirSync(this.extensions, { recursive: true });
    fs.writeFileSync(this.config, 'auth: none\ncert: false\n');
    this.env = {
      ...process.env,
      PATH: pathWithoutConceptlint(),
      EXTENSIONS_GALLERY: GALLERY,
      XDG_CONFIG_HOME: path.join(work, 'xdg-config'),
      XDG_DATA_HOME: path.join(work, 'xdg-data'),
      XDG_CACHE_HOME: path.join(work, 'xdg-cache'),
    };
  }

  args(...rest) {
    return [this.entry, '--config', this.config, '--user-data-dir', this.userData, '--extensions-dir', this.extensions, ...rest];
  }

  /** `code-server --install-extension FILE`; returns its output (throws on failure). */
  installExtension(vsix) {
    const r = spawnSync(process.execPath, this.args('--install-extension', vsix), { env: this.env, encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) {
      throw new Error(`--install-extension exited with ${r.status}:\n${out}`);
    }
    return out;
  }

  writeSettings(settings) {
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  }

  /** Starts the server on a free port of 127.0.0.1 and waits until it answers. */
  async start() {
    this.port = await freePort();
    this.process = spawn(process.execPath, this.args('--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--ignore-last-opened'), { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const append = (chunk) => { this.log += chunk.toString(); };
    this.process.stdout.on('data', append);
    this.process.stderr.on('data', append);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) {
        throw new Error(`code-server exited with ${this.process.exitCode}:\n${this.log}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (res.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not answer on port ${this.port} within 60 s:\n${this.log}`);
  }

  url(folder) {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
  }

  /** The tails of the logs the extension host wrote (the conceptlint output channel among them). */
  extensionLogs(lines = 40) {
    const found = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(p);
        } else if (/conceptlint|exthost/i.test(p) && p.endsWith('.log')) {
          found.push(p);
        }
      }
    };
    const logs = path.join(this.userData, 'logs');
    if (fs.existsSync(logs)) {
      walk(logs);
    }
    return found.map((p) => `--- ${path.relative(this.userData, p)}\n${fs.readFileSync(p, 'utf8').split('\n').slice(-lines).join('\n')}`).join('\n');
  }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      await Promise.race([new Promise((r) => this.process.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      if (this.process.exitCode === null) {
        this.process.kill('SIGKILL');
      }
    }
  }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Checks in the style of the other suites: `ok - NAME` / `not ok - NAME: DETAIL`. */
export class Report {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  check(name, ok, detail) {
    if (ok) {
      this.passed += 1;
      console.log(`ok - ${name}`);
    } else {
      this.failed += 1;
      console.log(`not ok - ${name}${detail ? `: ${String(detail).slice(0, 2000)}` : ''}`);
    }
    return ok;
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0;
  }
}
