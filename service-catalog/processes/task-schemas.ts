import Joi from 'joi';

/** The user task operations besides completing it: Camunda 8's assignment and update (issue 16). */

export const userTaskParams = Joi.object({
  id: Joi.string().max(64).required().description('<process instance id>.<element instance key>'),
});
const person = Joi.string().trim().min(1).max(255);
export const assignTaskPayload = Joi.object({
  assignee: person.allow(null).required().description('a username; null unassigns the task'),
}).label('AssignUserTask');
const names = Joi.array().items(person).max(100).unique();
const taskDate = Joi.date().iso().allow(null).description('ISO 8601; null clears it');
export const updateTaskPayload = Joi.object({
  candidateGroups: names.description('group keys; an empty list clears them'),
  candidateUsers: names.description('usernames; an empty list clears them'),
  dueDate: taskDate,
  followUpDate: taskDate,
  priority: Joi.number().integer().min(0).max(100).description("Camunda 8's task priority, 0 to 100"),
})
  .min(1)
  .label('UpdateUserTask');
/** What a task listener denied of an open task (Camunda 8.8): the process instance API's and the ticket API's open tasks carry it. */
export const taskDenial = Joi.object({
  eventType: Joi.string().valid('assigning', 'updating', 'completing').required(),
  reason: Joi.string().required(),
  deniedAt: Joi.string().isoDate().description('when the listener denied it; absent on denials from before this was kept'),
})
  .label('TaskDenial')
  .description('the last assignment, update or completion of this task a task listener denied, and why');
export const changedUserTask = Joi.object({
  id: Joi.string().required(),
  status: Joi.string().required(),
  activeElementIds: Joi.array().items(Joi.string()).required(),
}).label('ChangedUserTask');
