// ESLint rule `flowdesk/import-boundaries`: keeps the arrows between the rooms of the codebase pointing one way
// (docs/architecture.md). A relative import is resolved against the importing file and judged by the folder it
// lands in, so `../../service-catalog/x` and `../workflows` (a file named workflows.ts) are told apart, which a
// pattern over the import text (no-restricted-imports) cannot do.
//
// Options: { boundaries: [{ from, reason, denyPaths?, allowPaths?, onlyPaths?, typeOnlyPaths?, denyPackages?, onlyPackages? }] }
//   from           repo-relative folder of the importing files ('engine/')
//   denyPaths      repo-relative folders its files may not import from ('service-catalog/')
//   allowPaths     exceptions inside a denied folder ('workflows/client/')
//   onlyPaths      if set, every relative import must land in one of these folders
//   typeOnlyPaths  folders outside onlyPaths that `import type` may still reach (activity types in workflow code)
//   denyPackages   package names or scopes it may not import ('@temporalio/')
//   onlyPackages   if set, every package import must be one of these
//   reason         the sentence shown with every violation
import path from 'node:path';

const paths = { type: 'array', items: { type: 'string' } };

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
                reason: { type: 'string' },
                denyPaths: paths,
                allowPaths: paths,
                onlyPaths: paths,
                typeOnlyPaths: paths,
                denyPackages: paths,
                onlyPackages: paths,
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
    },
  },
  create(context) {
    const root = context.cwd;
    const file = toPosix(path.relative(root, context.filename));
    const boundaries = context.options[0].boundaries.filter((b) => file.startsWith(b.from));
    if (boundaries.length === 0) return {};

    function check(node, source, typeOnly) {
      if (typeof source !== 'string') return;
      const relative = source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../');
      const target = relative ? toPosix(path.relative(root, path.resolve(path.dirname(context.filename), source))) : undefined;
      // Folders match on whole segments: 'engine/client' and 'engine/client/x' are in 'engine/client/'.
      const within = (folder) => `${target}/`.startsWith(folder);
      const isPackage = (p) => source === p || source.startsWith(p.endsWith('/') ? p : `${p}/`);
      for (const b of boundaries) {
        const data = { from: b.from, source, reason: b.reason, target };
        if (relative) {
          const denied = (b.denyPaths ?? []).some(within) && !(b.allowPaths ?? []).some(within);
          const outside = b.onlyPaths !== undefined && !b.onlyPaths.some(within) && !(typeOnly && (b.typeOnlyPaths ?? []).some(within));
          if (denied || outside) context.report({ node, messageId: 'deniedPath', data });
        } else {
          const denied = (b.denyPackages ?? []).some(isPackage);
          const outside = b.onlyPackages !== undefined && !b.onlyPackages.some(isPackage);
          if (denied || outside) context.report({ node, messageId: 'deniedPackage', data });
        }
      }
    }

    const literal = (node) => (node && node.type === 'Literal' ? node.value : undefined);
    const allTypes = (specifiers, kind) => specifiers.length > 0 && specifiers.every((s) => s[kind] === 'type');
    return {
      ImportDeclaration: (node) =>
        check(node.source, node.source.value, node.importKind === 'type' || allTypes(node.specifiers, 'importKind')),
      ExportNamedDeclaration: (node) =>
        node.source && check(node.source, node.source.value, node.exportKind === 'type' || allTypes(node.specifiers, 'exportKind')),
      ExportAllDeclaration: (node) => check(node.source, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => check(node.source, literal(node.source), false),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference, literal(node.moduleReference.expression), node.importKind === 'type'),
      TSImportType: (node) => check(node.argument, literal(node.argument.literal ?? node.argument), true),
      CallExpression(node) {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isJestModule =
          callee.type === 'MemberExpression' && callee.object.name === 'jest' && ['mock', 'requireActual'].includes(callee.property.name);
        if (isRequire || isJestModule) check(node.arguments[0], literal(node.arguments[0]), false);
      },
    };
  },
};

function toPosix(p) {
  return p.split(path.sep).join('/');
}

export default { meta: { name: 'flowdesk' }, rules: { 'import-boundaries': importBoundaries } };
