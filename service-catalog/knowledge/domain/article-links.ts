import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound, RuleViolation } from '../../errors';

export type LinkKind = 'incident' | 'problem' | 'known_error';
type Row = Record<string, unknown>;

/**
 * Links from an article to the incidents and problems it answers and the known errors whose
 * workaround it documents. A link is the linked record's customer's (row-level security), so a
 * desk serving one customer never learns another's ticket numbers through an article.
 */
export class ArticleLinks {
  constructor(private readonly em: EntityManager) {}

  async add(articleId: string, kind: LinkKind, ref: string): Promise<Row> {
    const target = kind === 'known_error' ? await this.knownError(ref) : await this.ticket(kind, ref);
    await this.em.execute(
      `insert into kb_article_link (id, article_id, kind, ticket_id, known_error_id, organization_id, created_at)
       values (?, ?, ?, ?, ?, ?, now()) on conflict do nothing`,
      [
        randomUUID(),
        articleId,
        kind,
        kind === 'known_error' ? null : target.id,
        kind === 'known_error' ? target.id : null,
        target.organization_id,
      ],
    );
    return (await this.list(articleId)).find((l) => l.kind === kind && l.ref === target.ref)!;
  }

  async remove(articleId: string, linkId: string): Promise<void> {
    const removed = (await this.em.execute('delete from kb_article_link where id = ? and article_id = ? returning id', [
      linkId,
      articleId,
    ])) as Row[];
    if (!removed.length) throw new NotFound('KB_LINK_NOT_FOUND', `article ${articleId} has no link ${linkId}`);
  }

  list(articleId: string): Promise<Row[]> {
    return this.em.execute(
      `select l.id, l.kind, coalesce(t.number, k.problem_number) as ref, coalesce(t.title, k.title) as title, l.created_at as "createdAt"
         from kb_article_link l left join ticket t on t.id = l.ticket_id left join known_error k on k.id = l.known_error_id
        where l.article_id = ? order by l.created_at, l.id`,
      [articleId],
    ) as Promise<Row[]>;
  }

  private async ticket(kind: LinkKind, number: string): Promise<Row> {
    const [row] = (await this.em.execute('select id, type, organization_id, number as ref from ticket where number = ?', [
      number,
    ])) as Row[];
    if (!row)
      throw new RuleViolation('UNKNOWN_TICKET', `there is no ticket ${number}`, [{ field: 'payload.ref', message: 'no such ticket' }]);
    if (row.type !== kind)
      throw new RuleViolation('WRONG_TICKET_TYPE', `${number} is a ${row.type as string}, not a ${kind}`, [
        { field: 'payload.ref', message: `not a ${kind}` },
      ]);
    return row;
  }

  /** A known error by its problem's number (what the desk sees and types). */
  private async knownError(problemNumber: string): Promise<Row> {
    const [row] = (await this.em.execute('select id, organization_id, problem_number as ref from known_error where problem_number = ?', [
      problemNumber,
    ])) as Row[];
    if (!row)
      throw new RuleViolation('UNKNOWN_KNOWN_ERROR', `problem ${problemNumber} has no known error`, [
        { field: 'payload.ref', message: 'no known error' },
      ]);
    return row;
  }
}
