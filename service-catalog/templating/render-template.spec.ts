import { CANNED_RESPONSE_PLACEHOLDERS, MAIL_TEMPLATE_PLACEHOLDERS } from './placeholders';
import { checkTemplate, isKnown, parseTemplate, placeholdersOf, renderTemplate, TemplateSyntaxError } from './render-template';

const values = {
  caller: { displayName: 'Rita (Baltic Retail)', firstName: 'Rita', email: null },
  ticket: { number: 'INC0001042', title: 'VPN drops', createdAt: new Date('2026-11-23T08:00:00Z'), priority: undefined },
  vars: { attempts: 3, approved: false, tags: ['a', 'b'], nested: { level: { deep: 'yes' } } },
  portalUrl: 'https://desk.example/portal',
};

describe('renderTemplate', () => {
  it.each([
    ['plain text stays as it is', 'Hello there.', 'Hello there.'],
    ['an empty template renders empty', '', ''],
    ['one placeholder', 'Hello {{caller.firstName}},', 'Hello Rita,'],
    ['spaces inside the braces are allowed', 'Hello {{  caller.firstName }}!', 'Hello Rita!'],
    ['several placeholders and repeats', '[{{ticket.number}}] {{ticket.title}} ({{ticket.number}})', '[INC0001042] VPN drops (INC0001042)'],
    ['placeholders next to each other', '{{caller.firstName}}{{ticket.number}}', 'RitaINC0001042'],
    ['a placeholder at the very start and end', '{{ticket.number}}', 'INC0001042'],
    ['null renders as nothing', 'mail: {{caller.email}}.', 'mail: .'],
    ['undefined renders as nothing', 'P: {{ticket.priority}}.', 'P: .'],
    ['a missing path renders as nothing', '{{vars.unset}}|{{nobody.at.all}}', '|'],
    ['numbers and booleans as text', '{{vars.attempts}} {{vars.approved}}', '3 false'],
    ['dates as ISO 8601', '{{ticket.createdAt}}', '2026-11-23T08:00:00.000Z'],
    ['arrays and objects as JSON', '{{vars.tags}} {{vars.nested.level}}', '["a","b"] {"deep":"yes"}'],
    ['deep paths', '{{vars.nested.level.deep}}', 'yes'],
    ['single braces are text', 'a { b } c }} d', 'a { b } c }} d'],
    ['newlines and unicode survive', 'Labas,\n{{caller.firstName}} — ačiū', 'Labas,\nRita — ačiū'],
  ])('%s', (_name, template, expected) => {
    expect(renderTemplate(template, values)).toBe(expected);
  });

  it('does not walk into prototypes or call anything', () => {
    expect(renderTemplate('{{constructor}}{{caller.constructor.name}}{{toString}}{{__proto__}}', values)).toBe('');
    expect(renderTemplate('{{fn}}', { fn: () => 'called' })).toBe('');
  });

  it('inserts values literally: a value that looks like a placeholder is not expanded again', () => {
    expect(renderTemplate('{{ticket.title}}', { ticket: { title: 'about {{caller.email}} and $& $1' } })).toBe(
      'about {{caller.email}} and $& $1',
    );
  });
});

describe('parseTemplate', () => {
  it('splits text and placeholders with their positions', () => {
    expect(parseTemplate('Hi {{caller.firstName}}!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'placeholder', name: 'caller.firstName', index: 3 },
      { kind: 'text', text: '!' },
    ]);
  });

  it.each([
    ['unclosed', 'Hello {{caller.firstName', /position 6 is never closed/],
    ['opened twice', '{{a {{b}}', /position 0 is never closed/],
    ['empty', 'x {{}} y', /empty placeholder/],
    ['only spaces', '{{   }}', /empty placeholder/],
    ['an expression', '{{ 1 + 1 }}', /is not a placeholder/],
    ['a call', '{{process.exit()}}', /is not a placeholder/],
    ['two names', '{{caller firstName}}', /is not a placeholder/],
    ['a trailing dot', '{{caller.}}', /is not a placeholder/],
    ['a leading digit', '{{1st}}', /is not a placeholder/],
    ['brackets', "{{vars['x']}}", /is not a placeholder/],
  ])('refuses %s', (_name, template, message) => {
    expect(() => parseTemplate(template)).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate(template)).toThrow(message);
  });

  it('lists each placeholder once, in order of first use', () => {
    expect(placeholdersOf('{{b}} {{a.x}} {{b}} {{ a.x }}')).toEqual(['b', 'a.x']);
  });
});

describe('checkTemplate', () => {
  it('accepts the placeholders of its set', () => {
    expect(
      checkTemplate('Hello {{caller.firstName}}, see {{ticket.url}} or {{portalUrl}}. {{agent.displayName}}', CANNED_RESPONSE_PLACEHOLDERS),
    ).toEqual([]);
  });

  it('names every unknown placeholder once', () => {
    expect(checkTemplate('{{caller.fullName}} {{ticket.number}} {{caller.fullName}} {{vars.x}}', CANNED_RESPONSE_PLACEHOLDERS)).toEqual([
      { code: 'UNKNOWN_PLACEHOLDER', placeholder: 'caller.fullName', message: 'unknown placeholder {{caller.fullName}}' },
      { code: 'UNKNOWN_PLACEHOLDER', placeholder: 'vars.x', message: 'unknown placeholder {{vars.x}}' },
    ]);
  });

  it('allows any name under a prefix, but not the bare prefix', () => {
    expect(checkTemplate('{{vars.resolutionDueAt}} {{vars.a.b}}', MAIL_TEMPLATE_PLACEHOLDERS)).toEqual([]);
    expect(isKnown('vars', MAIL_TEMPLATE_PLACEHOLDERS)).toBe(false);
    expect(isKnown('variables.x', MAIL_TEMPLATE_PLACEHOLDERS)).toBe(false);
  });

  it('gives mail templates the links and the reply, which canned responses do not have', () => {
    const mailOnly = '{{confirmUrl}} {{reopenUrl}} {{surveyUrl}} {{reply.body}} {{recipient.firstName}} {{assignee.displayName}}';
    expect(checkTemplate(mailOnly, MAIL_TEMPLATE_PLACEHOLDERS)).toEqual([]);
    expect(checkTemplate(mailOnly, CANNED_RESPONSE_PLACEHOLDERS).map((p) => p.placeholder)).toEqual([
      'confirmUrl',
      'reopenUrl',
      'surveyUrl',
      'reply.body',
      'recipient.firstName',
      'assignee.displayName',
    ]);
  });

  it('reports a syntax error as a problem instead of throwing', () => {
    expect(checkTemplate('Dear {{caller.firstName', CANNED_RESPONSE_PLACEHOLDERS)).toEqual([
      { code: 'TEMPLATE_SYNTAX', placeholder: '{{caller.firstName', message: '"{{" at position 5 is never closed with "}}"' },
    ]);
  });
});
