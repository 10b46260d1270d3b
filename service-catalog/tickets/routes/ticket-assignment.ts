import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { Group } from '../../identity/domain/group.entity';
import { principalOf } from '../../identity/auth-plugin';
import { assignableAgents, assignmentHistory } from '../domain/ticket-assignment';
import { TicketPeople } from '../domain/ticket-people';
import { ticketsOf } from '../ticket-services';
import { assigneeGroups, waitingTasks } from '../domain/ticket-work';
import { assignmentHistory as assignmentHistorySchema, assignmentOptions, assignmentOptionsQuery, ticketNumber } from '../schemas';

const params = Joi.object({ number: ticketNumber.required() });
const STAFF = ['agent', 'process-owner', 'technician', 'admin'];

export const listTicketAssignments: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}/assignments',
  options: {
    tags: ['api', 'tickets'],
    description: 'Who had the ticket, oldest first: each change of group or assignee, by whom and when (from the audit trail)',
    notes: 'Staff only; 404 for a ticket you may not see.',
    auth: { access: { scope: STAFF } },
    validate: { params },
    response: { schema: assignmentHistorySchema },
  },
  async handler(request) {
    const em = request.app.em;
    const ticket = await ticketsOf(request).get(request.params.number as string);
    const steps = await assignmentHistory(em, ticket);
    const people = await TicketPeople.load(
      em,
      principalOf(request),
      [],
      steps.flatMap((s) => [s.byId, s.from.assigneeId, s.to.assigneeId].filter((id): id is string => !!id)),
      steps.flatMap((s) => [s.from.group, s.to.group].filter((g): g is string => !!g)),
    );
    const holder = (h: { group: string | null; assigneeId: string | null }) => ({ group: people.namedGroup(h.group), assignee: people.person(h.assigneeId) });
    return { items: steps.map((s) => ({ at: s.at.toISOString(), by: people.person(s.byId), how: s.how, from: holder(s.from), to: holder(s.to) })) };
  },
};

export const getAssignmentOptions: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}/assignment-options',
  options: {
    tags: ['api', 'tickets'],
    description: 'Where the ticket can be handed: every group, and the agents of one group (`group`, default its own) who serve its customer',
    notes: 'Staff only; 404 for a ticket you may not see; 422 naming `query.group` for a group that does not exist.',
    auth: { access: { scope: STAFF } },
    validate: { params, query: assignmentOptionsQuery },
    response: { schema: assignmentOptions },
  },
  async handler(request) {
    const em = request.app.em;
    const ticket = await ticketsOf(request).get(request.params.number as string);
    const groups = await em.find(Group, {}, { orderBy: { name: 'asc' } });
    // Unrouted, the ticket's agents come from the group its process waits for (the service desk's triage).
    const key = (request.query as { group?: string }).group ?? ticket.assignmentGroup ?? assigneeGroups(ticket, await waitingTasks(em, ticket))[0];
    const chosen = key ? await assignableAgents(em, ticket, key) : null;
    return {
      groups: groups.map((g) => ({ key: g.key, name: g.name })),
      group: chosen ? { key: chosen.group.key, name: chosen.group.name } : null,
      agents: (chosen?.agents ?? []).map((u) => ({ id: u.id, displayName: u.displayName, username: u.username, available: u.available !== false })),
    };
  },
};
