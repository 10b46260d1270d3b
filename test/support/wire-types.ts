import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** One property of a wire type: whether it may be left out, and (when known) whether it may be null. */
export interface WireProperty {
  optional: boolean;
  /** undefined: the schema does not say (a `$ref` to another schema). */
  nullable?: boolean;
}
export type WireShape = Record<string, WireProperty>;

/**
 * The properties of an exported interface in a TypeScript file (the UI's wire types), with their
 * optionality (`?`) and whether `null` is part of their type. Properties of interfaces it extends in
 * the same file are included.
 */
export function interfaceShape(file: string, name: string): WireShape {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const shapeOf = (interfaceName: string): WireShape => {
    const declaration = interfaces.get(interfaceName);
    if (!declaration) throw new Error(`${file} declares no interface ${interfaceName}`);
    const inherited = (declaration.heritageClauses ?? []).flatMap((c) => c.types.map((t) => t.expression.getText(source))).map(shapeOf);
    const own: WireShape = {};
    for (const member of declaration.members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const nullable = !!member.type && ts.isUnionTypeNode(member.type) && member.type.types.some((t) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword);
      own[member.name.getText(source)] = { optional: !!member.questionToken, nullable };
    }
    return Object.assign({}, ...inherited, own);
  };
  return shapeOf(name);
}

interface OpenApiSchema {
  properties?: Record<string, { nullable?: boolean; $ref?: string; type?: string }>;
  required?: string[];
}

/** The properties of a named schema in an OpenAPI 3 document (`components.schemas`), as the API answers it. */
export function schemaShape(doc: { components?: { schemas?: Record<string, OpenApiSchema> } }, name: string): WireShape {
  const schema = doc.components?.schemas?.[name];
  if (!schema) throw new Error(`the OpenAPI document has no schema ${name}; it has ${Object.keys(doc.components?.schemas ?? {}).join(', ')}`);
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, p]) => [key, { optional: !required.has(key), ...(p.$ref ? {} : { nullable: p.nullable === true }) }]),
  );
}

/**
 * Where the UI's type and the API's schema disagree, one line each, in words a reader can act on
 * (empty when they agree): a field only one side has, one the API may leave out but the UI counts
 * on (or the other way round), one the API may send as null that the UI does not expect.
 */
export function wireDifferences(uiName: string, ui: WireShape, api: WireShape): string[] {
  const problems: string[] = [];
  for (const [key, a] of Object.entries(api)) {
    const u = ui[key];
    if (!u) {
      problems.push(`${uiName}.${key}: the API sends it (${describe(a)}); the UI type lacks it`);
      continue;
    }
    if (u.optional !== a.optional) problems.push(`${uiName}.${key}: the API says ${describe(a)}, the UI type says ${describe(u)}`);
    else if (a.nullable !== undefined && u.nullable !== a.nullable) problems.push(`${uiName}.${key}: the API says ${describe(a)}, the UI type says ${describe(u)}`);
  }
  for (const key of Object.keys(ui)) if (!(key in api)) problems.push(`${uiName}.${key}: the UI type has it; the API never sends it`);
  return problems;
}

function describe(p: WireProperty): string {
  return `${p.optional ? 'optional' : 'always present'}${p.nullable === undefined ? '' : p.nullable ? ', may be null' : ', never null'}`;
}
