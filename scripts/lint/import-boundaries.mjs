// ESLint rule `flowdesk/import-boundaries`: keeps the arrows between the rooms of the codebase pointing one way
// (docs/architecture.md). A relative import is resolved against the importing file and judged by the folder it
// lands in, so `../../service-catalog/x` and `../workflows` (a file named workflows.ts) are told apart, which a
// pattern over the import text (no-restricted-imports) cannot do.
//
// Options: { boundaries: [{ from, denyPaths?, allowPaths?, denyPackages?, stayInside?, reason }] }
//   from          repo-relative folder of the importing files ('engine/')
//   denyPaths     repo-relative folders its files may not import from ('service-catalog/')
//   allowPaths    exceptions inside a denied folder ('workflows/client/')
//   denyPackages  package names or scopes it may not import ('@temporalio/')
//   stayInside    every relative import must stay inside `from` (the UI ships to the browser alone)
//   reason        the sentence shown with every violation
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports between engine/, workflows/, service-catalog/ and ui/ one-way' },
    schema: [
      {
        type: 'object',
        properties: {
          boundaries: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                denyPaths: { type: 'array', items: { type: 'string' } },
                allowPaths: { type: 'array', items: { type: 'string' } },
                denyPackages: { type: 'array', items: { type: 'string' } },
                stayInside: { type: 'boolean' },
                reason: { type: 'string' },
              },
              required: ['from', 'reason'],
              additionalProperties: false,
            },
          },
        },
        required: ['boundaries'],
        additionalProperties: false,
      },
    ],
    messages: {
      deniedPath: "{{from}} may not import '{{source}}' ({{target}}): {{reason}}",
      deniedPackage: "{{from}} may not import '{{source}}': {{reason}}",
      outside: "{{from}} may not import '{{source}}' from outside {{from}}: {{reason}}",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = toPosix(path.relative(root, context.filename));
    const boundaries = context.options[0].boundaries.filter((b) => file.startsWith(b.from));
    if (boundaries.length === 0) return {};

    function check(node, source) {
      if (typeof source !== 'string') return;
      const relative = source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
      const target = relative ? toPosix(path.relative(root, path.resolve(path.dirname(context.filename), source))) : undefined;
      for (const b of boundaries) {
        const data = { from: b.from, source, reason: b.reason };
        if (relative) {
          // Folders match on whole segments: 'engine/client' and 'engine/client/x' are in 'engine/client/'.
          const within = (folder) => `${target}/`.startsWith(folder);
          if (b.stayInside && !within(b.from)) {
            context.report({ node, messageId: 'outside', data });
          } else if ((b.denyPaths ?? []).some(within) && !(b.allowPaths ?? []).some(within)) {
            context.report({ node, messageId: 'deniedPath', data: { ...data, target } });
          }
        } else if ((b.denyPackages ?? []).some((p) => source === p || source.startsWith(p.endsWith('/') ? p : `${p}/`))) {
          context.report({ node, messageId: 'deniedPackage', data });
        }
      }
    }

    const literal = (node) => (node && node.type === 'Literal' ? node.value : undefined);
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference, literal(node.moduleReference.expression)),
      CallExpression(node) {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isJestModule =
          callee.type === 'MemberExpression' && callee.object.name === 'jest' && ['mock', 'requireActual'].includes(callee.property.name);
        if (isRequire || isJestModule) check(node.arguments[0], literal(node.arguments[0]));
      },
      TSImportType: (node) => check(node.argument, literal(node.argument.literal ?? node.argument)),
    };
  },
};

function toPosix(p) {
  return p.split(path.sep).join('/');
}

export default { meta: { name: 'flowdesk' }, rules: { 'import-boundaries': importBoundaries } };
