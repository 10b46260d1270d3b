import { join, resolve, sep } from 'node:path';

/** The checkout's root, from source (ts-jest) or from the compiled dist/ tree (generator scripts). */
export const repoRoot = __dirname.includes(`${sep}dist${sep}`) ? resolve(__dirname, '..', '..', '..') : resolve(__dirname, '..', '..');

export const repoFile = (...parts: string[]) => join(repoRoot, ...parts);
