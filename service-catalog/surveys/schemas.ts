import Joi from 'joi';

export const surveyToken = Joi.object({ token: Joi.string().max(300).required() });
export const surveyAnswerPayload = Joi.object({
  csat: Joi.number().integer().min(1).max(5).required().description('how satisfied: 1 (very unsatisfied) to 5 (very satisfied)'),
  nps: Joi.number().integer().min(0).max(10).description('how likely to recommend us: 0 to 10'),
  ces: Joi.number().integer().min(1).max(7).description('how easy it was to get help: 1 (very hard) to 7 (very easy)'),
  comment: Joi.string().trim().max(4000),
}).label('SurveyAnswerInput');
export const surveyAmendPayload = Joi.object({
  nps: Joi.number().integer().min(0).max(10).description('how likely to recommend us: 0 to 10'),
  ces: Joi.number().integer().min(1).max(7).description('how easy it was to get help: 1 (very hard) to 7 (very easy)'),
  comment: Joi.string().trim().max(4000),
}).label('SurveyAmendInput');
export const surveyQuestion = Joi.object({
  ticketNumber: Joi.string().required(),
  title: Joi.string().required(),
  expiresAt: Joi.date().required(),
  csat: Joi.number().allow(null).description('the score already clicked for this survey, null before'),
  score: Joi.number().description('the score this link carries (a one-click score link only)'),
}).label('SurveyQuestion');
export const surveyAnswer = Joi.object({
  ticketNumber: Joi.string(),
  csat: Joi.number().required(),
  nps: Joi.number().allow(null),
  ces: Joi.number().allow(null),
  comment: Joi.string().allow(null),
  answeredAt: Joi.date().required(),
}).label('SurveyAnswer');
export const surveyAnswerList = Joi.object({ items: Joi.array().items(surveyAnswer).required() }).label('SurveyAnswerList');
export const resultsQuery = Joi.object({
  agentId: Joi.string().guid(),
  groupKey: Joi.string().max(63),
  from: Joi.date().iso().required(),
  to: Joi.date().iso().greater(Joi.ref('from')).required(),
});
export const surveyResults = Joi.object({
  answers: Joi.number().required(),
  csatMean: Joi.number().allow(null).required(),
  csatPercent: Joi.number().allow(null).required(),
  nps: Joi.number().allow(null).required(),
  npsAnswers: Joi.number().required(),
  cesMean: Joi.number().allow(null).required(),
}).label('SurveyResults');
/** `?mine&pending`: both flags are required, so the route can grow other lists without changing what this one means. */
export const pendingSurveysQuery = Joi.object({
  mine: Joi.boolean().truthy('').valid(true).required().description('only surveys you are asked (your tickets as caller)'),
  pending: Joi.boolean().truthy('').valid(true).required().description('only surveys nobody has answered yet'),
});
export const pendingSurvey = Joi.object({
  ticketNumber: Joi.string().required(),
  title: Joi.string().required(),
  type: Joi.string().required(),
  state: Joi.string().required(),
  resolvedAt: Joi.date().required().description('when it was resolved (or closed): the survey is asked for 14 days after'),
  answerUrl: Joi.string().required().description('the portal page that asks the survey'),
}).label('PendingSurvey');
export const pendingSurveyList = Joi.object({ items: Joi.array().items(pendingSurvey).required() }).label('PendingSurveyList');
