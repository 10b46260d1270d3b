#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages
// (e.g. @oxc-parser/binding-darwin-arm64) that `npm install` silently left out
// because the registry reachable from this workplace does not carry every
// platform build of every version. Without those entries `npm ci` refuses the
// lock ("Missing: <name>@ from lock file"). The entries it adds carry version,
// os/cpu/libc and the dev/optional flags, so npm skips them on other platforms
// and fetches them normally where they apply.
//
// Run after any `npm install` that rewrote a lock:  node scripts/fill-lock-platform-stubs.mjs [path/to/package-lock.json]
// (default: the root package-lock.json; the UI has its own: ui/package-lock.json)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lockPath = process.argv[2] ?? fileURLToPath(new URL('../package-lock.json', import.meta.url));
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
const exact = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

function locate(parentPath, name) {
  // Node resolution: nested under the parent first, then each ancestor, then the root.
  let base = parentPath;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

function platformFields(name) {
  const json = execFileSync('npm', ['view', name, 'os', 'cpu', 'libc', 'engines', 'license', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(json || '{}');
}

let added = 0;
for (const [parentPath, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (locate(parentPath, name)) continue;
    if (!exact.test(spec)) {
      console.warn(`skip ${name}@${spec} (wanted by ${parentPath || 'root'}): not an exact version`);
      continue;
    }
    const target = `node_modules/${name}`;
    if (packages[target]) {
      console.warn(`skip ${name}@${spec}: ${target} already holds another version`);
      continue;
    }
    const meta = platformFields(name);
    const stub = { version: spec };
    if (meta.cpu) stub.cpu = meta.cpu;
    if (entry.dev) stub.dev = true;
    if (entry.devOptional) stub.devOptional = true;
    if (meta.libc) stub.libc = meta.libc;
    if (meta.license) stub.license = meta.license;
    stub.optional = true;
    if (meta.os) stub.os = meta.os;
    if (meta.engines) stub.engines = meta.engines;
    packages[target] = stub;
    added += 1;
    console.log(`added ${target}@${spec}`);
  }
}

const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} entr${added === 1 ? 'y' : 'ies'} added`);
