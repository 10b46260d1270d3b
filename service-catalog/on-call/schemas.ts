import Joi from 'joi';

export const groupParams = Joi.object({ key: Joi.string().max(63).required() });

export const rotaPayload = Joi.object({
  timeZone: Joi.string().max(64).required().description('IANA time zone of the shift times, e.g. Europe/Vilnius'),
  shifts: Joi.array()
    .items(
      Joi.object({
        userId: Joi.string().guid().required(),
        weekday: Joi.number().integer().min(1).max(7).required().description('ISO weekday, 1 = Monday'),
        start: Joi.string().required().description('HH:MM local'),
        end: Joi.string().required().description('HH:MM local; at or before start: runs past midnight'),
      }).label('OnCallShift'),
    )
    .max(200)
    .required(),
}).label('OnCallRota');

export const overridePayload = Joi.object({
  userId: Joi.string().guid().required(),
  // Bounded to what PostgreSQL's timestamptz holds, so an absurd year is a 400, not a failed insert.
  startsAt: Joi.date().iso().min('1970-01-01T00:00:00Z').max('9999-12-31T23:59:59Z').required(),
  endsAt: Joi.date().iso().min('1970-01-01T00:00:00Z').max('9999-12-31T23:59:59Z').required(),
  reason: Joi.string().trim().max(500),
}).label('NewOnCallOverride');

const person = Joi.object({ id: Joi.string().required(), username: Joi.string().required(), displayName: Joi.string().required() }).label(
  'OnCallPerson',
);

export const onCallView = Joi.object({
  group: Joi.string().required(),
  onCall: person.allow(null).required(),
  source: Joi.string().valid('override', 'rota').allow(null).required(),
  rota: Joi.object({ timeZone: Joi.string().required(), shifts: Joi.array().items(Joi.object().unknown()).required() })
    .allow(null)
    .required(),
  overrides: Joi.array()
    .items(
      Joi.object({
        id: Joi.string().required(),
        userId: Joi.string().required(),
        startsAt: Joi.date().iso().required(),
        endsAt: Joi.date().iso().required(),
        reason: Joi.string().allow(null).required(),
      }).label('OnCallOverride'),
    )
    .required(),
}).label('OnCall');
