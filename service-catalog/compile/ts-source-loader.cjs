// Preloaded (--require) into compile worker threads only when the API runs from its TypeScript sources,
// as under jest: a worker thread has no jest transform, so .ts files are transpiled here the way
// ts-jest does (transpile only, CommonJS). The built server in dist/ loads compiled .js and never this.
'use strict';
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  esModuleInterop: true,
  resolveJsonModule: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
  module._compile(outputText, filename);
};
