import type { EntityManager } from '@mikro-orm/postgresql';
import { JobResultRefused, UnknownJob, type ActivatedJob, type JobClient, type JobResult } from '../../../workflows/client';
import { AdHocSubProcess } from '../../../engine/runtime/ad-hoc';
import { InvalidInput, NotFound, NotPermitted } from '../../errors';
import { DEFAULT_TENANT } from '../../identity/domain/camunda-tenant';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';

/**
 * External job workers, tenant by tenant: a worker takes jobs of one organisation (or of internal
 * work) that its principal may see, and answers only jobs of instances it may see; another
 * organisation's job is a 404, as every other tenant-owned thing is.
 */
export class JobService {
  constructor(
    private readonly em: EntityManager,
    private readonly jobs: JobClient,
  ) {}

  async activate(
    principal: Principal,
    req: {
      type: string;
      worker: string;
      timeout: number;
      maxJobsToActivate: number;
      fetchVariable?: string[];
      requestTimeout?: number;
      tenantIds?: string[];
    },
  ): Promise<ActivatedJob[]> {
    const tenantId = this.tenantOf(principal, req.tenantIds);
    return this.jobs.activate({
      type: req.type,
      worker: req.worker,
      timeout: req.timeout,
      maxJobsToActivate: req.maxJobsToActivate,
      ...(req.fetchVariable ? { fetchVariable: req.fetchVariable } : {}),
      ...(req.requestTimeout !== undefined ? { requestTimeout: req.requestTimeout } : {}),
      scope: tenantId === DEFAULT_TENANT ? 'internal' : tenantId,
      tenantId,
    });
  }

  /**
   * A user task listener's job may answer with a result: a denial, corrections (Camunda 8.8); an ad-hoc
   * sub-process's job with the elements to activate, each of which must be one it may activate.
   */
  async complete(jobKey: string, variables: Record<string, unknown>, result?: JobResult | null): Promise<void> {
    await this.visible(jobKey, async () => {
      try {
        if (result?.type === 'adHocSubProcess') await this.checkActivatable(jobKey, result.activateElements ?? []);
        await this.jobs.complete(jobKey, variables, result);
      } catch (err) {
        if (err instanceof JobResultRefused) throw new InvalidInput(err.code, err.message, [{ field: err.field, message: err.reason }]);
        throw err;
      }
    });
  }

  /** Camunda 8.8 refuses a result naming an element its ad-hoc sub-process may not activate; so do we, naming it. */
  private async checkActivatable(jobKey: string, elements: Array<{ elementId: string }>): Promise<void> {
    const job = this.jobs.adHocJobOf(jobKey);
    if (!job || !elements.length) return;
    const definition = await this.em.findOne(ProcessDefinition, { id: job.definitionId }, { fields: ['graph'] });
    const node = definition?.graph.elements[job.elementId];
    if (!AdHocSubProcess.isAdHoc(node)) return;
    const ids = elements.map((e) => e.elementId);
    const [refused] = AdHocSubProcess.notActivatable(node, ids);
    if (refused !== undefined)
      throw new JobResultRefused(
        `payload.result.activateElements[${ids.indexOf(refused)}].elementId`,
        `"${refused}" is not an element ${node.id} may activate; it may activate ${node.adHoc.activatableIds.join(', ')}`,
      );
  }

  async fail(jobKey: string, req: { retries: number; errorMessage?: string; retryBackOff?: number }): Promise<void> {
    await this.visible(jobKey, () => this.jobs.fail(jobKey, req));
  }

  async throwError(jobKey: string, req: { errorCode: string; errorMessage?: string }): Promise<void> {
    await this.visible(jobKey, () => this.jobs.throwError(jobKey, req));
  }

  async update(jobKey: string, changes: { retries?: number; timeout?: number }): Promise<void> {
    await this.visible(jobKey, () => this.jobs.update(jobKey, changes));
  }

  /**
   * One tenant per activation: a Temporal poll that took a job cannot give it back, so polling several
   * organisations' queues at once could hand out a job nobody answers until it times out. Without
   * `tenantIds`, a requester's organisation, else internal work.
   */
  private tenantOf(principal: Principal, tenantIds: string[] | undefined): string {
    if (tenantIds && tenantIds.length > 1) {
      throw new InvalidInput('ONE_TENANT_PER_ACTIVATION', 'activate jobs of one tenant at a time', [
        { field: 'payload.tenantIds', message: 'name one tenant (an organisation id, or <default> for internal work)' },
      ]);
    }
    const wanted =
      tenantIds?.[0] ?? (hasRole(principal, 'requester') && principal.organizationId ? principal.organizationId : DEFAULT_TENANT);
    const staff = hasRole(principal, 'agent', 'technician', 'process-owner', 'admin');
    const allowed =
      wanted === DEFAULT_TENANT
        ? staff
        : hasRole(principal, 'admin') || principal.servedOrganizationIds.includes(wanted) || principal.organizationId === wanted;
    if (!allowed) {
      throw new NotPermitted('TENANT_NOT_PERMITTED', `payload.tenantIds: you may not take jobs of tenant ${wanted}`);
    }
    return wanted;
  }

  /** The job's instance must be one the caller sees (the request's tenant scope); else, or when gone, 404. */
  private async visible(jobKey: string, answer: () => Promise<void>): Promise<void> {
    try {
      const rootId = this.jobs.workflowIdOf(jobKey).split(':')[0]!;
      const instance = await this.em.findOne(ProcessInstance, { id: rootId });
      if (!instance) throw new UnknownJob();
      await answer();
    } catch (err) {
      if (err instanceof UnknownJob)
        throw new NotFound('JOB_NOT_FOUND', `job ${jobKey.slice(0, 16)}… does not exist, or it was completed, failed or timed out`);
      throw err;
    }
  }
}
