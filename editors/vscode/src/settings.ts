// The `conceptlint` settings as the server reads them (src/server/settings.rs, `ClientSettings`:
// `thresholds`, `severity`, `logLevel`, `debounceMs`), sent as initializationOptions and as the
// answer to `workspace/configuration` for the section `conceptlint`. Settings that are the
// extension's own (`path`, `trace.server`) are not sent. An empty setting is left out, so the
// config file's value (conceptlint.toml) applies.

import * as vscode from 'vscode';

export const SECTION = 'conceptlint';

export interface ServerSettings {
  thresholds: {
    minInputs?: number;
    minImageWidth?: number;
    minImageHeight?: number;
    maxImbalanceRatio?: number;
  };
  severity: Record<string, string>;
  logLevel?: string;
  debounceMs?: number;
}

const THRESHOLDS = ['minInputs', 'minImageWidth', 'minImageHeight', 'maxImbalanceRatio'] as const;

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function serverSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const thresholds: ServerSettings['thresholds'] = {};
  for (const key of THRESHOLDS) {
    const value = numberOrUndefined(config.get(`thresholds.${key}`));
    if (value !== undefined) {
      thresholds[key] = value;
    }
  }
  const severity: Record<string, string> = {};
  const configured = config.get<Record<string, unknown>>('severity') ?? {};
  for (const [rule, level] of Object.entries(configured)) {
    if (typeof level === 'string' && level !== '') {
      severity[rule] = level;
    }
  }
  const settings: ServerSettings = { thresholds, severity };
  const logLevel = config.get<string>('logLevel');
  if (logLevel) {
    settings.logLevel = logLevel;
  }
  const debounceMs = numberOrUndefined(config.get('debounceMs'));
  if (debounceMs !== undefined) {
    settings.debounceMs = debounceMs;
  }
  return settings;
}

/** The `conceptlint.path` setting (null when empty). */
export function pathSetting(): string | null {
  const value = vscode.workspace.getConfiguration(SECTION).get<string | null>('path');
  return value && value.trim() !== '' ? value : null;
}

/** The folder a relative `conceptlint.path` is resolved against. */
export function baseFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}
