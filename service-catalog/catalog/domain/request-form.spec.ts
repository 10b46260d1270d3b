import { checkAnswers, checkFormSchema } from './request-form';

const form = {
  components: [
    { type: 'textfield', key: 'name', validate: { required: true, minLength: 2, maxLength: 5 } },
    { type: 'textfield', key: 'code', validate: { pattern: '[A-Z]{3}' } },
    { type: 'textfield', key: 'mail', validate: { validationType: 'email' } },
    { type: 'number', key: 'count', validate: { min: 1, max: 3 } },
    { type: 'checkbox', key: 'urgent' },
    {
      type: 'radio',
      key: 'size',
      values: [
        { label: 'S', value: 's' },
        { label: 'L', value: 'l' },
      ],
    },
    {
      type: 'checklist',
      key: 'extras',
      values: [
        { label: 'Bag', value: 'bag' },
        { label: 'Mouse', value: 'mouse' },
      ],
    },
    { type: 'datetime', key: 'day', subtype: 'date' },
    { type: 'datetime', key: 'at', subtype: 'time' },
    { type: 'group', components: [{ type: 'textarea', key: 'notes', validate: { required: true } }] },
    { type: 'textfield', key: 'maybe', validate: { required: true }, conditional: { hide: '=urgent' } },
    { type: 'text', text: 'shown only' },
  ],
};
const valid = { name: 'Ann', notes: 'n' };

describe('request form answers against a form-js schema', () => {
  it.each([
    ['nothing but the required ones', valid, []],
    [
      'every field well filled',
      { ...valid, code: 'ABC', mail: 'a@b.lt', count: '2', urgent: true, size: 's', extras: ['bag'], day: '2027-02-28', at: '09:30' },
      [],
    ],
    [
      'a missing required field, also inside a group',
      {},
      [
        ['name', 'is required'],
        ['notes', 'is required'],
      ],
    ],
    ['text too short and too long', { ...valid, name: 'A' }, [['name', 'must be at least 2 characters']]],
    ['text too long', { ...valid, name: 'Annabel' }, [['name', 'must be at most 5 characters']]],
    ['a pattern matched only in part', { ...valid, code: 'ABCD' }, [['code', 'must match [A-Z]{3}']]],
    ['not an e-mail', { ...valid, mail: 'ann' }, [['mail', 'must be an e-mail address']]],
    ['a number out of range', { ...valid, count: 4 }, [['count', 'must be at most 3']]],
    ['not a number', { ...valid, count: 'two' }, [['count', 'must be a number']]],
    ['a checkbox that is not a boolean', { ...valid, urgent: 'yes' }, [['urgent', 'must be true or false']]],
    ['an option not offered', { ...valid, size: 'xl' }, [['size', 'must be one of "s", "l"']]],
    ['a list with an option not offered', { ...valid, extras: ['bag', 'cup'] }, [['extras', '"cup" is not one of the options']]],
    ['a date that does not exist', { ...valid, day: '2027-02-30x' }, [['day', 'must be a date (YYYY-MM-DD)']]],
    ['a date the calendar does not have', { ...valid, day: '2027-02-30' }, [['day', 'must be a date (YYYY-MM-DD)']]],
    ['a time that is not one', { ...valid, at: 'noon' }, [['at', 'must be a time (HH:mm)']]],
    ['a field the form does not have', { ...valid, colour: 'red' }, [['colour', 'the form has no such field']]],
  ])('%s', (_what, answers, expected) => {
    expect(checkAnswers(form, answers).map((p) => [p.field, p.message])).toEqual(expected);
  });

  it('reads limits the form-js editor writes as text, as the viewer does', () => {
    // The editor's properties panel stores `validate.min` and `max` as typed: "1", "5".
    const edited = { components: [{ type: 'number', key: 'monitors', validate: { min: '1', max: '5' } }] };
    expect(checkFormSchema(edited)).toEqual([]);
    expect(checkAnswers(edited, { monitors: 9 })).toEqual([{ field: 'monitors', message: 'must be at most 5' }]);
    expect(checkAnswers(edited, { monitors: 0 })).toEqual([{ field: 'monitors', message: 'must be at least 1' }]);
    expect(checkAnswers(edited, { monitors: 2 })).toEqual([]);
  });

  it('accepts the schema it checks against, and names each component it cannot check', () => {
    expect(checkFormSchema(form)).toEqual([]);
    expect(
      checkFormSchema({
        components: [
          { type: 'textfield' },
          { type: 'select', key: 's', valuesKey: 'dynamic' },
          { type: 'filepicker', key: 'f' },
          { type: 'textfield', key: 'p', validate: { pattern: '(' } },
          { type: 'number', key: 'p' },
        ],
      }).map((p) => p.field),
    ).toEqual([
      'payload.formSchema.components.0',
      'payload.formSchema.components.1.values',
      'payload.formSchema.components.2',
      'payload.formSchema.components.3.validate.pattern',
      'payload.formSchema.components.4.key',
    ]);
    expect(checkFormSchema({ components: [{ type: 'number', key: 'n', validate: { min: '1', max: '=limit' } }] })).toEqual([
      { field: 'payload.formSchema.components.0.validate.max', message: 'must be a number (the server does not evaluate expressions)' },
    ]);
    expect(checkFormSchema({ type: 'default' })).toEqual([
      { field: 'payload.formSchema', message: 'must be a form-js schema: an object with a components list' },
    ]);
  });
});
