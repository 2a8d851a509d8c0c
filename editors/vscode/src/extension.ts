// conceptlint for VS Code: starts `conceptlint server` (vscode-languageclient over stdio) for the
// dataset files of the workspace, and adds three commands: restart the server, show its output,
// open the HTML report.
//
// Invariant: at most one client runs; every start, stop and restart goes through `serialize`,
// so a settings change during a start cannot leave two servers behind.

import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  type Executable,
  LanguageClient,
  type LanguageClientOptions,
} from 'vscode-languageclient/node';

import { type Found, findConceptlint, missingMessage } from './binary';
import { openReport } from './report';
import { SECTION, baseFolder, pathSetting, serverSettings } from './settings';

/**
 * The files the server is given. It decides by name and content which ones it reads (an
 * unrelated CSV or JSON file gets no diagnostics), so the patterns only keep obviously
 * unrelated files away: JSON Lines, CSV/TSV, SageMaker `.manifest` and `.lst`, any JSON (COCO,
 * Label Studio and predictions exports have free names), the label manifests and the configs.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/*.{jsonl,ndjson,csv,tsv,lst,manifest,json}' },
  { scheme: 'file', pattern: '**/{labels,classes}.txt' },
  { scheme: 'file', pattern: '**/{conceptlint,.conceptlint,pyproject}.toml' },
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let queue: Promise<void> = Promise.resolve();

function serialize(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task).catch((e) => output.error(`conceptlint: ${String(e)}`));
  return queue;
}

/** The executable to run, by the current settings. */
export function currentBinary(): Found {
  return findConceptlint(pathSetting(), baseFolder());
}

/** Says what is missing and offers to open the setting (without waiting for the answer). */
export function reportMissing(found: Extract<Found, { ok: false }>): void {
  output.error(missingMessage(found));
  void vscode.window.showErrorMessage(missingMessage(found), 'Open Setting', 'Show Output').then((choice) => {
    if (choice === 'Open Setting') {
      void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
    } else if (choice === 'Show Output') {
      output.show(true);
    }
  });
}

/** The server logs through `tracing` on stderr: each line goes to the log at its own level. */
function logLines(input: Readable, channel: vscode.LogOutputChannel): void {
  readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (line) => {
    const m = /^\S+\s+(ERROR|WARN|INFO|DEBUG|TRACE)\s+(.*)$/.exec(line);
    if (!m) {
      channel.info(line);
      return;
    }
    const level = m[1].toLowerCase() as 'error' | 'warn' | 'info' | 'debug' | 'trace';
    channel[level](m[2]);
  });
}

async function start(): Promise<void> {
  const found = currentBinary();
  if (!found.ok) {
    reportMissing(found);
    return;
  }
  output.info(`starting ${found.path} server (found by ${found.from === 'setting' ? 'conceptlint.path' : 'PATH'})`);
  const settings = serverSettings();
  const server: Executable = {
    command: found.path,
    args: ['server'],
    // The server reads its log level from CONCEPTLINT_LOG at start, then from the settings.
    options: { env: { ...process.env, CONCEPTLINT_LOG: settings.logLevel ?? 'info' } },
  };
  const options: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    stdioOptions: { stdout: logLines, stderr: logLines },
    initializationOptions: settings,
    middleware: {
      workspace: {
        // Answer with the keys the server knows (see settings.ts), not the raw section.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) {
            return answer;
          }
          return params.items.map((item, i) =>
            item.section === SECTION
              ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : answer[i],
          );
        },
      },
    },
  };
  const next = new LanguageClient(SECTION, 'conceptlint', server, options);
  client = next;
  try {
    await next.start();
  } catch (e) {
    client = undefined;
    output.error(`conceptlint server failed to start: ${String(e)}`);
    void vscode.window
      .showErrorMessage(`conceptlint: the server (${found.path}) failed to start: ${String(e)}`, 'Show Output')
      .then((choice) => choice && output.show(true));
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop(5000);
    } catch (e) {
      output.warn(`stopping the server: ${String(e)}`);
    }
    await running.dispose();
  }
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('conceptlint', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('conceptlint.restartServer', () => serialize(async () => {
      await stop();
      await start();
    })),
    vscode.commands.registerCommand('conceptlint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('conceptlint.openReport', () => openReport(context, output, currentBinary, reportMissing)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      if (event.affectsConfiguration(`${SECTION}.path`)) {
        void serialize(async () => {
          await stop();
          await start();
        });
      } else if (client?.isRunning()) {
        // The server asks for the settings again (workspace/configuration) when it can.
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: serverSettings() },
        });
      }
    }),
  );
  return serialize(start);
}

export function deactivate(): Promise<void> {
  return serialize(stop);
}
