import Joi from 'joi';

const triggerEffect = Joi.object({
  type: Joi.string().valid('interrupts', 'runs-beside', 'starts', 'continues').required(),
  activity: Joi.string(),
  next: Joi.array().items(Joi.string()).required(),
}).label('TriggerEffect');

/** What an instance waits for, each kind with its own fields, and always a sentence. */
export const waits = Joi.array()
  .items(
    Joi.object({
      kind: Joi.string().valid('userTask', 'timer', 'message', 'signal', 'job', 'calledProcess', 'adHocActivation', 'incident').required(),
      elementId: Joi.string().required(),
      label: Joi.string().required().description('the element’s name, else its id'),
      text: Joi.string().required().description('the wait in words, times in UTC'),
      since: Joi.date().iso(),
      assignee: Joi.string(),
      candidateGroups: Joi.array().items(Joi.string()),
      candidateUsers: Joi.array().items(Joi.string()),
      dueDate: Joi.string(),
      dueAt: Joi.date().iso().description('timers: when it fires'),
      repeatsLeft: Joi.number().integer().description('cycle timers: firings left after this one (-1: no end)'),
      messageName: Joi.string(),
      correlationKey: Joi.string(),
      signalName: Joi.string(),
      taskType: Joi.string(),
      adHocDecision: Joi.boolean().description('jobs: an ad-hoc sub-process’s job, whose worker decides what it does next'),
      incidentType: Joi.string(),
      message: Joi.string(),
      effect: triggerEffect,
      activatable: Joi.array()
        .items(Joi.string())
        .description('ad-hoc sub-processes: the names (else ids) of the elements it may activate'),
    }).label('Wait'),
  )
  .label('Waits')
  .description(
    'everything the instance waits for now: user tasks, timers, messages, signals, workers, called processes, ad-hoc sub-processes waiting for activation, incidents',
  );
