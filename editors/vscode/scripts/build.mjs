// Build: bundles src/extension.ts with its dependencies into dist/extension.js (esbuild) and
// copies the JSON schemas of the repository's schemas/ folder into schemas/ (they are not kept
// twice in git; the .vsix ships the copies). Usage: node scripts/build.mjs [--watch]
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(here, '..', '..', 'schemas');
const schemas = join(here, 'schemas');
rmSync(schemas, { recursive: true, force: true });
mkdirSync(schemas, { recursive: true });
const copied = readdirSync(source).filter((f) => f.endsWith('.schema.json'));
for (const file of copied) {
  cpSync(join(source, file), join(schemas, file));
}
if (!copied.includes('concepts.schema.json')) {
  throw new Error(`schemas/concepts.schema.json missing in ${source}`);
}

const options = {
  entryPoints: [join(here, 'src', 'extension.ts')],
  outfile: join(here, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: false,
  minify: true,
  legalComments: 'none',
  logLevel: 'info',
  metafile: true,
};

// The licences of the bundled packages travel with the bundle (dist/ThirdPartyNotices.txt).
function writeNotices(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (m) packages.add(m[1]);
  }
  const parts = [];
  for (const dir of [...packages].sort()) {
    const pkg = JSON.parse(readFileSync(join(here, dir, 'package.json'), 'utf8'));
    const licence = readdirSync(join(here, dir)).find((f) => /^licen[cs]e/i.test(f));
    const text = licence ? readFileSync(join(here, dir, licence), 'utf8').trim() : `License: ${pkg.license}`;
    parts.push(`${pkg.name} ${pkg.version}\n${'-'.repeat(40)}\n${text}\n`);
  }
  writeFileSync(join(here, 'dist', 'ThirdPartyNotices.txt'), `Packages bundled in dist/extension.js:\n\n${parts.join('\n')}`);
  return packages.size;
}
if (process.argv.includes('--watch')) {
  const context = await esbuild.context({ ...options, minify: false, sourcemap: 'inline' });
  await context.watch();
} else {
  const result = await esbuild.build(options);
  console.log(`notices of ${writeNotices(result.metafile)} bundled packages in dist/ThirdPartyNotices.txt`);
  console.log(`copied ${copied.length} schemas: ${copied.join(', ')}`);
}
