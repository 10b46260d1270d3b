import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import { DomainError } from '../../service-catalog/errors';
import { ArticleDecisions, reviewInstanceId } from '../../service-catalog/knowledge/domain/article-decisions';
import type { ServiceTaskInput } from '../client';
import { processScope } from './process-scope';
import { isUuid } from '../../service-catalog/text/uuid';

const MAX_NOTE = 2000;
const MAX_NAME = 200;

/**
 * The task types of the knowledge base's review (workflows/processes/knowledge-review.bpmn), on the
 * version the process variables `articleId` and `version` name:
 * - `kb-publish`: the version is published, the one published before superseded;
 * - `kb-return`: the version is returned (rejected) with the reviewer's note (`reviewNote`).
 * Both answer `versionState`. An instance acts only on the version it was started for (its id is
 * derived from article and version), so variables set elsewhere cannot publish another article.
 */
export const createKnowledgeActivities = ({ orm }: { orm: Orm }) => {
  const decide = (approve: boolean) => async (input: ServiceTaskInput) => {
    const { articleId, version, reviewNote, reviewerName } = input.variables;
    if (typeof articleId !== 'string' || !isUuid(articleId) || typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: the process needs articleId (an article id) and version (a version number)`,
        'MISSING_VARIABLE',
      );
    const rootInstanceId = input.processInstanceId.split(':')[0]!;
    if (rootInstanceId !== reviewInstanceId(articleId, version))
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: process instance ${rootInstanceId} is not the review of version ${version} of article ${articleId}`,
        'NOT_THIS_REVIEW',
      );
    const note = typeof reviewNote === 'string' ? reviewNote.slice(0, MAX_NOTE) : null;
    const reviewer = typeof reviewerName === 'string' && reviewerName ? reviewerName.slice(0, MAX_NAME) : 'a reviewer';
    const scope = await processScope(orm, input);
    return scope.em.transactional(async (tx) => {
      const decisions = new ArticleDecisions(tx as EntityManager);
      const current = await decisions.version(articleId, version).catch(failAsIncident);
      // A retry after the write committed (the answer was lost) finds it done.
      if (current.state === (approve ? 'published' : 'rejected')) return { versionState: current.state };
      const decided = await decisions
        .decide(systemActor(`process ${input.processId}`), articleId, version, { approve, note, reviewerName: reviewer })
        .catch(failAsIncident);
      await tx.flush();
      return { versionState: decided.state as string };
    });
  };
  return { 'kb-publish': decide(true), 'kb-return': decide(false) };
};

/** A missing version or one no longer in review will not change by retrying: an incident to look at. */
function failAsIncident(err: unknown): never {
  if (err instanceof DomainError) throw ApplicationFailure.nonRetryable(err.message, err.code);
  throw err;
}
