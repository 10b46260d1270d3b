import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoFile, repoRoot } from '../support/repo-root';

/**
 * The rooms of the code base and who may enter which: engine/ is the pure engine (it runs inside the
 * workflow sandbox and in the API alike), and the service catalog steers processes only through the
 * client surface of workflows/, never through the workflow code, the activities or the worker.
 */
describe('module boundaries', () => {
  it('engine/ imports nothing from Temporal, the service catalog, workflows/ or the UI', () => {
    const violations = importsOf('engine').filter(({ target }) => target.startsWith('@temporalio/') || /^(service-catalog|workflows|ui)(\/|$)/.test(target));
    expect(violations.map(describeImport)).toEqual([]);
  });

  it('service-catalog/ reaches workflows/ only through workflows/client', () => {
    const violations = importsOf('service-catalog').filter(({ target }) => /^workflows(\/|$)/.test(target) && !/^workflows\/client(\/index)?$/.test(target));
    expect(violations.map(describeImport)).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // Guards the two checks above against passing because the scan found nothing.
    expect(importsOf('engine').some(({ target }) => target === 'feelin')).toBe(true);
    expect(importsOf('service-catalog').some(({ target }) => target === 'workflows/client')).toBe(true);
  });
});

interface Import {
  file: string;
  /** A package name, or a path relative to the repository root for a relative import. */
  target: string;
}

function importsOf(folder: string): Import[] {
  const found: Import[] = [];
  for (const file of sourceFiles(repoFile(folder))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = (match[1] ?? match[2])!;
      const target = specifier.startsWith('.') ? relative(repoRoot, resolve(dirname(file), specifier)) : specifier;
      found.push({ file: relative(repoRoot, file), target });
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function describeImport({ file, target }: Import): string {
  return `${file} imports ${target}`;
}
