import { setTimeout as sleep } from 'node:timers/promises';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ProcessInstanceNotFound, type EngineClient } from '../../../workflows/client';
import { WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { ProcessDefinitionService } from '../../processes/domain/process-definition-service';
import type { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import { ProcessInstanceService } from '../../processes/domain/process-instance-service';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { ArticleDecisions, KNOWLEDGE_REVIEW_PROCESS_ID, reviewInstanceId, type ReviewDecision } from './article-decisions';

type Row = Record<string, unknown>;

/** How long a review call waits for the diagram to publish or return the version before answering. */
const OUTCOME_POLLS = 150;
const OUTCOME_POLL_MS = 100;

/**
 * The review of a version as a BPMN process (workflows/processes/knowledge-review.bpmn): submitting
 * starts one instance per version (its id derived from article and version), the reviewer's decision
 * completes its open review task, and the diagram's service tasks (kb-publish, kb-return) write the
 * outcome. Without a deployed knowledge-review process the article service decides directly.
 */
export class ArticleReviewFlow {
  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {}

  async definition(): Promise<ProcessDefinition | null> {
    return (await new ProcessDefinitionService(this.em).findActive(KNOWLEDGE_REVIEW_PROCESS_ID)) ?? null;
  }

  /** The review instance of a version, if one was started. */
  instance(articleId: string, version: number): Promise<ProcessInstance | null> {
    return this.em.findOne(ProcessInstance, { id: reviewInstanceId(articleId, version) }, { populate: ['definition'] });
  }

  /**
   * Starts the review of a version in review, once: a retried submit finds the instance (and starts
   * its workflow if the first attempt stopped between recording and starting it). Answers whether
   * this call started it.
   */
  async ensureStarted(principal: Principal, definition: ProcessDefinition, version: Row): Promise<boolean> {
    const articleId = version.articleId as string;
    const number = version.version as number;
    const variables = { articleId, version: number, title: version.title, authorName: version.authorName ?? null };
    const existing = await this.instance(articleId, number);
    if (existing) {
      try {
        await this.engine.inspect(existing.id);
        return false;
      } catch (err) {
        if (!(err instanceof ProcessInstanceNotFound)) throw err;
      }
      const started = existing.definition as unknown as ProcessDefinition;
      await this.engine.start({
        instanceId: existing.id,
        graph: started.graph,
        definition: { id: started.id, processId: started.processId, version: started.version },
        variables,
        businessKey: existing.businessKey ?? undefined,
        organizationId: null,
      });
      return true;
    }
    try {
      await new ProcessInstanceService(this.em, this.engine).start(
        { processId: definition.processId, version: definition.version, businessKey: `KB:${articleId}:${number}`, variables },
        // The desk's articles are internal: the instance acts for no customer organisation.
        { actor: actorOf(principal), organizationId: null },
        reviewInstanceId(articleId, number),
      );
      return true;
    } catch (err) {
      // Two submits raced: the other one recorded (and starts) the instance.
      if (err instanceof UniqueConstraintViolationException) return false;
      throw err;
    }
  }

  /** Completes the instance's open review task with the decision (the diagram's gateway reads `approved`). */
  async decide(instance: ProcessInstance, decision: ReviewDecision): Promise<void> {
    const variables = { approved: decision.approve, reviewNote: decision.note ?? null, reviewerName: decision.reviewerName };
    try {
      const { view } = await this.engine.inspect(instance.id);
      const task = view?.openUserTasks[0];
      if (!task)
        throw new WrongState('KB_REVIEW_NOT_OPEN', `the review of this version has no open task (process instance ${instance.id})`);
      await this.engine.completeUserTask(instance.id, task.elementInstanceKey, variables);
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound)
        throw new WrongState('KB_REVIEW_NOT_OPEN', `the review process of this version (${instance.id}) has ended`);
      throw err;
    }
  }

  /**
   * The version once the diagram has acted on the decision: published or returned, or still in review
   * with another review task open (a diagram with a second reviewer). Bounded: after the wait it is
   * answered as it stands (in review), and the process finishes on its own.
   */
  async outcome(instance: ProcessInstance, articleId: string, number: number): Promise<Row> {
    const decisions = new ArticleDecisions(this.em);
    for (let poll = 0; poll < OUTCOME_POLLS; poll++) {
      const version = await decisions.version(articleId, number);
      if (version.state !== 'in_review') return version;
      const { view } = await this.engine.inspect(instance.id).catch(() => ({ view: undefined }));
      if (view?.openUserTasks.length) return version;
      await sleep(OUTCOME_POLL_MS);
    }
    return decisions.version(articleId, number);
  }
}
