// Over 300 lines because the corpus is data, one entry per hostile input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerInjectOptions } from '@hapi/hapi';
import { bpmnDocument, flow } from '../../../engine/compiler/fixtures/make-bpmn';
import { multipart, PDF_BYTES } from '../../support/multipart';
import { repoFile } from '../../support/repo-root';

/**
 * The hostile input corpus: the XML files beside this module (each with `@TAG@` where the tag goes)
 * and generated entries. `refused` entries must get a 4xx with the error shape; `harmless` ones may
 * succeed (a search for a SQL string finds nothing) but must not fail or store anything either.
 */
export interface CorpusEntry {
  kind: string;
  name: string;
  /** Demo user to send it as; none: unauthenticated (or the request's own Authorization header). */
  as?: string;
  expect: 'refused' | 'harmless';
  /** When only some 4xx are right. */
  status?: number[];
  /**
   * The validate route answers a diagram that parses but cannot run with 200 `{valid: false}`: as clear
   * a refusal, and it stores nothing either.
   */
  orInvalid?: boolean;
  request: ServerInjectOptions;
}

const XML_ROUTES: Array<[url: string, what: 'bpmn' | 'dmn']> = [
  ['/process-definitions', 'bpmn'],
  ['/process-definitions/validate', 'bpmn'],
  ['/decision-definitions', 'dmn'],
];

export function hostileCorpus({ tag, ticketNumber }: { tag: string; ticketNumber: string }): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const marta = (kind: string, name: string, request: ServerInjectOptions, status?: number[]): CorpusEntry => ({
    kind,
    name,
    as: 'marta',
    expect: 'refused',
    request,
    ...(status ? { status } : {}),
    ...(request.url === '/process-definitions/validate' ? { orInvalid: true } : {}),
  });

  // Files: billion laughs, external entities, DTDs, XInclude, deep nesting… sent to every XML route,
  // as the file itself and inside JSON.
  const dir = repoFile('test', 'reliability', 'corpus'); // from source and from dist/ alike
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()) {
    const xml = readFileSync(join(dir, file), 'utf8').replaceAll('@TAG@', tag);
    for (const [url] of XML_ROUTES) {
      entries.push(
        marta(
          'hostile XML',
          `${file} → ${url} (application/xml)`,
          { method: 'POST', url, payload: xml, headers: { 'content-type': 'application/xml' } },
          [400, 413, 415, 422],
        ),
      );
      entries.push(marta('hostile XML', `${file} → ${url} (JSON)`, { method: 'POST', url, payload: { xml } }, [400, 413, 422]));
    }
  }

  // Generated XML: 50 MB, 100,000 elements, 100,000 levels of nesting, truncated and not XML at all.
  const processOpen = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"><bpmn:process id="p_${tag}" isExecutable="true">`;
  const generated: Array<[string, string, number[]]> = [
    [
      '50 MB body',
      `${processOpen}<bpmn:documentation>${'x'.repeat(50 * 1024 * 1024)}</bpmn:documentation></bpmn:process></bpmn:definitions>`,
      [413],
    ],
    [
      '100,000 elements',
      `${processOpen}${Array.from({ length: 100_000 }, (_, i) => `<bpmn:task id="t${i}"/>`).join('')}</bpmn:process></bpmn:definitions>`,
      [413],
    ],
    [
      '100,000 levels of nesting',
      `${processOpen}<bpmn:extensionElements>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</bpmn:extensionElements></bpmn:process></bpmn:definitions>`,
      [400, 413, 422],
    ],
    ['truncated', processOpen, [400, 422]],
    ['not XML', `{{${tag}}} <<<>>> \u0001`, [400, 415, 422]],
    ['empty', '', [400, 415]],
  ];
  for (const [name, xml, status] of generated) {
    for (const [url] of XML_ROUTES)
      entries.push(
        marta(
          'hostile XML',
          `${name} → ${url}`,
          { method: 'POST', url, payload: xml, headers: { 'content-type': 'application/xml' } },
          status,
        ),
      );
  }

  // Loops without a wait state and FEEL that reaches for JavaScript: the validator may accept the
  // diagram (a loop is legal BPMN; runaway-processes.test.ts shows its run stopped), but stores nothing.
  const loop = bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" /><bpmn:task id="spin" />${flow('f1', 'start', 'gw')}${flow('f2', 'gw', 'spin')}${flow('f3', 'spin', 'gw')}`,
    `loop_${tag}`,
  );
  entries.push({
    kind: 'loop without wait state',
    name: 'validate',
    as: 'marta',
    expect: 'harmless',
    request: { method: 'POST', url: '/process-definitions/validate', payload: { xml: loop } },
  });
  for (const expression of [
    'constructor.constructor("return process")()',
    '__proto__.polluted',
    'process.env',
    'matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")',
  ]) {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" default="f3" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
       ${flow('f1', 'start', 'gw')}${flow('f2', 'gw', 'a', `=${expression}`)}${flow('f3', 'gw', 'b')}`,
      `feel_${tag}`,
    );
    entries.push({
      kind: 'hostile FEEL',
      name: `validate ${expression}`,
      as: 'marta',
      expect: 'harmless',
      request: { method: 'POST', url: '/process-definitions/validate', payload: { xml } },
    });
  }

  // Text PostgreSQL cannot store, and strings far over every limit, in the ticket's text fields.
  const huge = `${tag}${'x'.repeat(1024 * 1024)}`;
  const texts: Array<[string, string, number[]]> = [
    ['NUL', `${tag}\u0000`, [400]],
    ['lone surrogate', `${tag}\uD800`, [400]],
    ['lone low surrogate', `${tag}\uDC00x`, [400]],
    ['1 MB string', huge, [400, 413]],
  ];
  for (const [name, text, status] of texts) {
    entries.push({
      kind: 'unstorable or huge text',
      name: `ticket title: ${name}`,
      as: 'rita',
      expect: 'refused',
      status,
      request: { method: 'POST', url: '/tickets', payload: { title: text } },
    });
    entries.push({
      kind: 'unstorable or huge text',
      name: `ticket description: ${name}`,
      as: 'rita',
      expect: 'refused',
      status,
      request: { method: 'POST', url: '/tickets', payload: { title: `t ${tag}`, description: text } },
    });
    entries.push({
      kind: 'unstorable or huge text',
      name: `entry body: ${name}`,
      as: 'rita',
      expect: 'refused',
      status,
      request: { method: 'POST', url: `/tickets/${ticketNumber}/entries`, payload: { body: text } },
    });
    entries.push({
      kind: 'unstorable or huge text',
      name: `display name: ${name}`,
      as: 'paulius',
      expect: 'refused',
      status,
      request: { method: 'PATCH', url: '/me', payload: { displayName: text } },
    });
    if (text.length < 100) {
      // In a URL a NUL arrives as itself (refused); a surrogate's bytes are decoded to U+FFFD, which is harmless.
      const inUrl = name === 'NUL' ? '%00' : name === 'lone surrogate' ? '%ED%A0%80' : '%ED%B0%80x';
      entries.push({
        kind: 'unstorable or huge text',
        name: `search: ${name}`,
        as: 'tomas',
        expect: name === 'NUL' ? 'refused' : 'harmless',
        status,
        request: { method: 'GET', url: `/tickets?q=${tag}${inUrl}` },
      });
      entries.push({
        kind: 'unstorable or huge text',
        name: `variable key: ${name}`,
        as: 'tomas',
        expect: 'refused',
        status,
        request: { method: 'POST', url: '/messages', payload: { name: `m ${tag}`, correlationKey: 'k', variables: { [text]: 1 } } },
      });
    }
  }

  // Wrong content types: every write route that takes JSON, sent something else.
  const wrongTypes: Array<[string, string | Buffer]> = [
    ['text/plain', `{"title":"${tag}"}`],
    ['application/x-www-form-urlencoded', `title=${tag}`],
    ['application/octet-stream', Buffer.from(`{"title":"${tag}"}`)],
    ['image/svg+xml', `<svg xmlns="http://www.w3.org/2000/svg"><script>${tag}</script></svg>`],
    ['application/json; charset=utf-7', `{"title":"+ADw-${tag}"}`],
  ];
  for (const [type, payload] of wrongTypes) {
    for (const [url, as] of [
      ['/tickets', 'rita'],
      [`/tickets/${ticketNumber}/entries`, 'rita'],
      ['/messages', 'tomas'],
      ['/sites', 'admin'],
    ] as const) {
      entries.push({
        kind: 'wrong content type',
        name: `${type} → POST ${url}`,
        as,
        expect: 'refused',
        status: [400, 415],
        request: { method: 'POST', url, payload, headers: { 'content-type': type } },
      });
    }
  }
  const json = { method: 'POST', url: `/tickets/${ticketNumber}/attachments`, payload: { file: tag } };
  entries.push({
    kind: 'wrong content type',
    name: 'JSON → attachment upload',
    as: 'rita',
    expect: 'refused',
    status: [415],
    request: json,
  });
  const svg = multipart([
    {
      name: 'file',
      filename: `${tag}.svg`,
      contentType: 'image/svg+xml',
      content: `<svg xmlns="http://www.w3.org/2000/svg"><script>alert("${tag}")</script></svg>`,
    },
  ]);
  entries.push({
    kind: 'wrong content type',
    name: 'SVG upload',
    as: 'rita',
    expect: 'refused',
    status: [415],
    request: { method: 'POST', url: `/tickets/${ticketNumber}/attachments`, payload: svg.payload, headers: svg.headers },
  });
  const disguised = multipart([
    { name: 'file', filename: `${tag}.pdf`, contentType: 'application/pdf', content: Buffer.from(`MZ\u0090\u0000${tag} not a pdf`) },
  ]);
  entries.push({
    kind: 'wrong content type',
    name: 'executable disguised as PDF',
    as: 'rita',
    expect: 'refused',
    status: [415, 422],
    request: { method: 'POST', url: `/tickets/${ticketNumber}/attachments`, payload: disguised.payload, headers: disguised.headers },
  });

  // SQL and path traversal strings where ids, numbers, names and keys go.
  const injections = [
    `' OR '1'='1`,
    `'; drop table ticket; --`,
    `1; select pg_sleep(5); --`,
    `") or 1=1 --`,
    `../../../../etc/passwd`,
    `..%2f..%2f..%2fetc%2fpasswd`,
    `....//....//etc/passwd`,
    `%00`,
    `\\..\\..\\windows\\win.ini`,
    `$(touch /tmp/${tag})`,
    `{"$gt": ""}`,
  ];
  for (const raw of injections) {
    const s = `${raw}${tag}`;
    const e = encodeURIComponent(s);
    entries.push({
      kind: 'SQL or path traversal',
      name: `ticket number ${raw}`,
      as: 'tomas',
      expect: 'refused',
      status: [400, 404],
      request: { method: 'GET', url: `/tickets/${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `attachment id ${raw}`,
      as: 'rita',
      expect: 'refused',
      status: [400, 404],
      request: { method: 'GET', url: `/tickets/${ticketNumber}/attachments/${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `instance id ${raw}`,
      as: 'tomas',
      expect: 'refused',
      status: [400, 404],
      request: { method: 'GET', url: `/process-instances/${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `template key ${raw}`,
      as: 'admin',
      expect: 'refused',
      status: [400, 404],
      request: { method: 'GET', url: `/mail-templates/${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `search ${raw}`,
      as: 'tomas',
      expect: 'harmless',
      request: { method: 'GET', url: `/tickets?q=${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `filter ${raw}`,
      as: 'tomas',
      expect: 'refused',
      status: [400],
      request: { method: 'GET', url: `/process-instances?status=${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `sort ${raw}`,
      as: 'tomas',
      expect: 'refused',
      status: [400],
      request: { method: 'GET', url: `/process-instances?sort=${e}` },
    });
    entries.push({
      kind: 'SQL or path traversal',
      name: `organization id in body ${raw}`,
      as: 'tomas',
      expect: 'refused',
      status: [400],
      request: { method: 'POST', url: '/tickets', payload: { title: `t ${tag}`, organizationId: s } },
    });
    const upload = multipart([
      { name: 'file', filename: `${raw}.pdf`, contentType: 'application/pdf', content: PDF_BYTES },
      { name: 'entryId', content: s },
    ]);
    entries.push({
      kind: 'SQL or path traversal',
      name: `entry id in upload ${raw}`,
      as: 'rita',
      expect: 'refused',
      status: [400],
      request: { method: 'POST', url: `/tickets/${ticketNumber}/attachments`, payload: upload.payload, headers: upload.headers },
    });
  }
  return entries;
}
