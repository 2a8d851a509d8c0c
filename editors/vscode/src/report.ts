// `conceptlint: Open HTML Report`: runs `conceptlint report FOLDER --html FILE` for a workspace
// folder with the configured executable and shows the page in a webview.
//
// A webview rather than vscode.env.openExternal: the page is written where the extension host
// runs, which under code-server (or Remote SSH, WSL, containers) is not the machine of the
// browser that would open a file:// link. A webview gets the HTML through VS Code itself and
// works the same on the desktop and in the browser. The report is self-contained (inline CSS and
// SVG, no script), so the webview runs without scripts and with a policy that allows no request.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

import type { Found } from './binary';

const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const panels = new Map<string, vscode.WebviewPanel>();

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const active = vscode.window.activeTextEditor?.document.uri;
  const ofActive = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (ofActive && ofActive.uri.scheme === 'file') {
    return ofActive;
  }
  if (folders.length <= 1) {
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Report on which folder?' });
}

/** Runs the report; resolves with the error text conceptlint printed when it failed. */
function runReport(binary: string, folder: string, target: string, token: vscode.CancellationToken): Promise<string | undefined> {
  return new Promise((resolve) => {
    // From the parent folder, so the report names the dataset by its folder's name.
    const [cwd, name] = path.basename(folder) ? [path.dirname(folder), path.basename(folder)] : [folder, '.'];
    const child = execFile(
      binary,
      ['report', name, '--html', target],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, _stdout, stderr) => {
        if (!error) {
          resolve(undefined);
          return;
        }
        const text = stderr.trim().replace(/^conceptlint: error: /, '');
        resolve(text || error.message);
      },
    );
    token.onCancellationRequested(() => child.kill());
  });
}

/**
 * The report page with a content security policy that allows no request, on the white page it
 * is drawn for (a webview's background follows the colour theme, the report's text does not).
 */
export function withPolicy(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${POLICY}"><style>html{background:#fff;color-scheme:light}</style>`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${meta}`) : `${meta}${html}`;
}

export async function openReport(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  binary: () => Found,
  reportMissing: (found: Extract<Found, { ok: false }>) => void,
): Promise<void> {
  const folder = await pickFolder();
  if (!folder) {
    void vscode.window.showWarningMessage('conceptlint: open a folder with a dataset to write its report.');
    return;
  }
  const found = binary();
  if (!found.ok) {
    reportMissing(found);
    return;
  }
  const dir = context.globalStorageUri.fsPath;
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, `report-${folder.name.replace(/[^A-Za-z0-9._-]/g, '_')}.html`);
  output.info(`${found.path} report ${folder.uri.fsPath} --html ${target}`);
  const failure = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `conceptlint: writing the report of ${folder.name}`, cancellable: true },
    (_progress, token) => runReport(found.path, folder.uri.fsPath, target, token),
  );
  if (failure !== undefined) {
    output.error(`report failed: ${failure}`);
    void vscode.window.showErrorMessage(`conceptlint report: ${failure}`);
    return;
  }
  const html = await fs.readFile(target, 'utf8');
  let panel = panels.get(target);
  if (!panel) {
    panel = vscode.window.createWebviewPanel('conceptlint.report', `conceptlint report: ${folder.name}`, vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [],
    });
    panels.set(target, panel);
    panel.onDidDispose(() => panels.delete(target));
  }
  panel.webview.html = withPolicy(html);
  panel.reveal();
}
