// Type-checks and compiles the server side into dist/, and builds the UI into ui/dist/.
// Run with Node 24 (node_modules/.bin/node); npm start and npm test call it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const run = (cmd, args, cwd = root) =>
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });

const t0 = Date.now();
console.log('==> compiling TypeScript (tsc)');
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
console.log('==> building the UI (ng build)');
run(bin('node'), [`${root}ui/node_modules/@angular/cli/bin/ng.js`, 'build', '--configuration', 'production'], `${root}ui`);
console.log(`==> built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
