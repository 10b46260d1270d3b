import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoFile, repoRoot } from '../support/repo-root';

/**
 * The rooms of the code base and who may enter which: engine/ is the pure engine (it runs inside the
 * workflow sandbox and in the API alike), and the service catalog steers processes only through the
 * client surface of workflows/, never through the workflow code, the activities or the worker.
 */
describe('module boundaries', () => {
  it('engine/ imports nothing from Temporal, the service catalog, workflows/ or the UI', () => {
    const violations = importsOf('engine').filter(
      ({ target }) => target.startsWith('@temporalio/') || /^(service-catalog|workflows|ui)(\/|$)/.test(target),
    );
    expect(violations.map(describeImport)).toEqual([]);
  });

  it('service-catalog/ reaches workflows/ only through workflows/client', () => {
    const violations = importsOf('service-catalog').filter(
      ({ target }) => /^workflows(\/|$)/.test(target) && !/^workflows\/client(\/index)?$/.test(target),
    );
    expect(violations.map(describeImport)).toEqual([]);
  });

  it('engine/, workflows/ and service-catalog/ import in one direction: no file reaches itself again', () => {
    // Entities of a two-sided MikroORM relation name each other by design; any other loop is a defect.
    const loops = importCycles(['engine', 'workflows', 'service-catalog']).filter((loop) => !loop.every((f) => f.endsWith('.entity.ts')));
    expect(loops).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // Guards the two checks above against passing because the scan found nothing.
    expect(importsOf('engine').some(({ target }) => target === 'feelin')).toBe(true);
    expect(importsOf('service-catalog').some(({ target }) => target === 'workflows/client')).toBe(true);
    // ...and the loop check against passing because it cannot see one: the ORM's relation pair is a loop.
    expect(importCycles(['service-catalog'])).toContainEqual([
      'service-catalog/processes/domain/process-instance-projection.entity.ts',
      'service-catalog/processes/domain/process-instance.entity.ts',
    ]);
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
    for (const match of text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g,
    )) {
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

/** Sets of files (each sorted) that import each other in a loop, type-only imports included: Tarjan's strongly connected components. */
function importCycles(folders: string[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const { file, target } of folders.flatMap(importsOf)) {
    const resolved = [`${target}.ts`, `${target}/index.ts`, target].find(
      (candidate) => existsSync(repoFile(candidate)) && candidate.endsWith('.ts'),
    );
    if (!edges.has(file)) edges.set(file, []);
    if (resolved && !resolved.endsWith('.spec.ts')) edges.get(file)!.push(resolved);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
