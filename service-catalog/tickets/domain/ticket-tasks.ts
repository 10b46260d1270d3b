import type { EntityManager } from '@mikro-orm/postgresql';
import { WrongState } from '../../errors';
import { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import { TICKET_ACTIONS_PROPERTY } from './ticket-actions';
import { Ticket } from './ticket.entity';

/** An instance that drives a ticket: the ticket's number, and per user-task element the ticket actions that complete it. */
export interface TicketOfInstance {
  number: string;
  actionsByElement: Record<string, string[]>;
}

/**
 * Which of these instances drive a ticket (the ticket's current process instance), with the ticket
 * actions their user tasks name. Operations views use it to send a ticket's work to the ticket's page.
 */
export async function ticketsOfInstances(em: EntityManager, instances: Array<{ id: string; definitionId: string }>): Promise<Map<string, TicketOfInstance>> {
  if (!instances.length) return new Map();
  const tickets = await em.find(Ticket, { processInstanceId: { $in: instances.map((i) => i.id) } }, { fields: ['id', 'number', 'processInstanceId'] });
  if (!tickets.length) return new Map();
  const withTicket = instances.filter((i) => tickets.some((t) => t.processInstanceId === i.id));
  const definitions = await em.find(ProcessDefinition, { id: { $in: [...new Set(withTicket.map((i) => i.definitionId))] } }, { fields: ['id', 'graph'] });
  const actionsOf = new Map(definitions.map((d) => [d.id, ticketActionsByElement(d.graph.elements)]));
  return new Map(
    withTicket.map((i) => [i.id, { number: tickets.find((t) => t.processInstanceId === i.id)!.number, actionsByElement: actionsOf.get(i.definitionId) ?? {} }]),
  );
}

/**
 * A ticket's work is done through the ticket's actions, which check who may act, take an unassigned
 * ticket, count the first response and pass the variables the diagram expects. Completing such a task
 * with raw variables would bypass all of that, so it is refused and the answer says which action to use.
 * A user task of a ticket's process that names no ticket action has no other way to be completed, and
 * is left to the operations view (where it is audited).
 */
export async function refuseTicketTask(em: EntityManager, instance: { id: string; definitionId: string }, task: { elementId: string; name?: string }): Promise<void> {
  const ticket = (await ticketsOfInstances(em, [instance])).get(instance.id);
  const actions = ticket?.actionsByElement[task.elementId];
  if (!ticket || !actions?.length) return;
  throw new WrongState(
    'TICKET_TASK',
    `“${task.name ?? task.elementId}” is a task of ticket ${ticket.number}: complete it on the ticket's page in the desk with the ticket action ${actions.map((a) => `"${a}"`).join(' or ')} (POST /tickets/${ticket.number}/actions/${actions[0]})`,
  );
}

function ticketActionsByElement(elements: Record<string, { properties?: Record<string, string> }>): Record<string, string[]> {
  const byElement: Record<string, string[]> = {};
  for (const [id, node] of Object.entries(elements)) {
    const actions = (node.properties?.[TICKET_ACTIONS_PROPERTY] ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    if (actions.length) byElement[id] = actions;
  }
  return byElement;
}
