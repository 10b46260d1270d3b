import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, NotPermitted, RuleViolation, UnknownGroup } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { CANNED_RESPONSE_PLACEHOLDERS } from '../../templating/placeholders';
import { checkTemplate, renderTemplate } from '../../templating/render-template';
import { ticketTemplateValues } from '../../templating/ticket-template-values';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import { CannedResponse } from './canned-response.entity';

export interface CannedResponseInput {
  title: string;
  body: string;
  groupKey?: string | null;
  category?: string | null;
}

/** Who may change any canned response, not only their own. */
const CURATORS = ['process-owner', 'admin'] as const;

/**
 * Canned responses: every agent reads all of them; each changes their own, process owners and
 * admins any. Bodies are checked at save time, so using one never meets an unknown placeholder.
 */
export class CannedResponseService {
  constructor(private readonly em: EntityManager) {}

  list(filter: { groupKey?: string; category?: string; q?: string; limit: number; offset: number }) {
    const where: Record<string, unknown> = {};
    if (filter.groupKey) where.groupKey = filter.groupKey;
    if (filter.category) where.category = filter.category;
    if (filter.q) where.$or = [{ title: { $ilike: `%${escapeLike(filter.q)}%` } }, { body: { $ilike: `%${escapeLike(filter.q)}%` } }];
    return this.em.findAndCount(CannedResponse, where, { orderBy: { title: 'asc', id: 'asc' }, limit: filter.limit, offset: filter.offset });
  }

  async get(id: string): Promise<CannedResponse> {
    const found = await this.em.findOne(CannedResponse, { id });
    if (!found) throw new NotFound('CANNED_RESPONSE_NOT_FOUND', `there is no canned response ${id}`);
    return found;
  }

  async create(principal: Principal, input: CannedResponseInput): Promise<CannedResponse> {
    await this.check(input);
    const now = new Date();
    const created = this.em.create(CannedResponse, {
      id: randomUUID(),
      title: input.title,
      body: input.body,
      groupKey: input.groupKey ?? null,
      category: input.category ?? null,
      createdById: userIdOf(principal),
      createdByName: principal.displayName,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), { action: 'cannedResponse.created', entity: 'CannedResponse', entityId: created.id, after: view(created) });
    await this.em.flush();
    return created;
  }

  async update(principal: Principal, id: string, changes: Partial<CannedResponseInput>): Promise<CannedResponse> {
    const existing = await this.owned(principal, id);
    await this.check(changes);
    const before = view(existing);
    this.em.assign(existing, { ...changes, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), { action: 'cannedResponse.updated', entity: 'CannedResponse', entityId: id, before, after: view(existing) });
    await this.em.flush();
    return existing;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const existing = await this.owned(principal, id);
    recordAudit(this.em, actorOf(principal), { action: 'cannedResponse.deleted', entity: 'CannedResponse', entityId: id, before: view(existing) });
    await this.em.remove(existing).flush();
  }

  /** The response's body for this ticket, with `agent` the one using it. */
  async render(principal: Principal, id: string, ticket: Ticket, publicUrl: string): Promise<{ response: CannedResponse; body: string }> {
    const response = await this.get(id);
    const values = await ticketTemplateValues(this.em, ticket, { publicUrl, agent: { displayName: principal.displayName, email: null } });
    return { response, body: renderTemplate(response.body, values) };
  }

  private async owned(principal: Principal, id: string): Promise<CannedResponse> {
    const existing = await this.get(id);
    if (existing.createdById !== principal.userId && !hasRole(principal, ...CURATORS)) {
      throw new NotPermitted('NOT_YOUR_CANNED_RESPONSE', `canned response ${id} belongs to ${existing.createdByName}; only they, a process owner or an admin may change it`);
    }
    return existing;
  }

  private async check(input: Partial<CannedResponseInput>): Promise<void> {
    if (input.body !== undefined) {
      const problems = checkTemplate(input.body, CANNED_RESPONSE_PLACEHOLDERS);
      if (problems.length) {
        throw new RuleViolation('INVALID_TEMPLATE', problems.map((p) => `payload.body: ${p.message}`).join('; '), problems.map((p) => ({ field: 'payload.body', message: p.message, code: p.code })));
      }
    }
    if (input.groupKey && !(await this.em.findOne(Group, { key: input.groupKey }))) {
      throw new UnknownGroup(input.groupKey, 'payload.groupKey', `there is no group "${input.groupKey}"`);
    }
  }
}

function view(r: CannedResponse) {
  return { title: r.title, body: r.body, groupKey: r.groupKey ?? null, category: r.category ?? null };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
