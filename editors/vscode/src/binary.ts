// Finding the `conceptlint` executable: the `conceptlint.path` setting first, then PATH.
// Pure Node (no vscode import), so the rules can be read and reasoned about on their own.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the executable was found, or why it was not. */
export type Found =
  | { ok: true; path: string; from: 'setting' | 'PATH' }
  | { ok: false; reason: 'setting' | 'PATH'; tried: string };

const EXE = process.platform === 'win32' ? 'conceptlint.exe' : 'conceptlint';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `~` is the home folder; a relative path is resolved against `base` (the workspace folder). */
export function expand(setting: string, base: string | undefined): string {
  let p = setting.trim();
  if (p === '~' || p.startsWith('~/')) {
    p = path.join(os.homedir(), p.slice(1));
  }
  if (!path.isAbsolute(p) && base) {
    p = path.resolve(base, p);
  }
  return p;
}

/** The executable named by `setting` (when non-empty), else the first `conceptlint` on PATH. */
export function findConceptlint(
  setting: string | null | undefined,
  base: string | undefined,
  envPath: string | undefined = process.env.PATH,
): Found {
  if (setting && setting.trim() !== '') {
    const p = expand(setting, base);
    return isExecutable(p) ? { ok: true, path: p, from: 'setting' } : { ok: false, reason: 'setting', tried: p };
  }
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = path.join(dir, EXE);
    if (isExecutable(candidate)) {
      return { ok: true, path: candidate, from: 'PATH' };
    }
  }
  return { ok: false, reason: 'PATH', tried: envPath ?? '' };
}

/** What the user reads when the executable is missing: what happened and what to do. */
export function missingMessage(found: Extract<Found, { ok: false }>): string {
  const todo =
    'Install it with `cargo install --path .` in a conceptlint checkout, or set "conceptlint.path" to the executable.';
  if (found.reason === 'setting') {
    return `conceptlint: the setting "conceptlint.path" points at ${found.tried}, which is not an executable file. ${todo}`;
  }
  return `conceptlint: the \`conceptlint\` executable was not found on PATH, so the language server cannot start. ${todo}`;
}
