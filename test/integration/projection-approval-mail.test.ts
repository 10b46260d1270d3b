import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { ApprovalMailer } from '../../service-catalog/approvals/domain/approval-mailer';
import { createOrm } from '../../service-catalog/db/orm';
import { setTenantScope, TenantScope } from '../../service-catalog/db/tenant';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { ProcessDefinitionService } from '../../service-catalog/processes/domain/process-definition-service';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { createProjectionActivities } from '../../workflows/activities/projection-activities';
import type { Orm } from '../../service-catalog/db/orm';

const tag = randomUUID().slice(0, 8);
const diagram = (processId: string, taskProperties: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_${processId}" targetNamespace="http://flowdesk.example/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Decide" name="Decide"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="service-desk" />${taskProperties}</bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Decide" />
    <bpmn:sequenceFlow id="F2" sourceRef="Decide" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * The projection activity looks for unsent approval mails only where the definition has approval
 * tasks: an incident's projections (most of all of them) make no approval query, while an approval
 * process still gets its mails sent, also on a retry of a projection that was already applied.
 */
describe('instance projection and approval mail', () => {
  let orm: Orm;
  let em: EntityManager;
  const actor = systemActor('projection approval mail test');
  const project = (definitionId: string, revision: number) =>
    createProjectionActivities({ orm, mail: {} as OutgoingMailDeps }).projectProcessInstance({
      instanceId,
      definitionId,
      version: 1,
      status: 'active',
      activeElementIds: ['Decide'],
      openTasks: [],
      incidents: [],
      revision,
    });
  let instanceId: string;
  /** The instance row the projection's row-level security checks the organisation against. */
  const startInstance = async (definition: { id: string; processId: string }) => {
    em.create(ProcessInstance, {
      id: instanceId,
      definition: definition.id,
      processId: definition.processId,
      version: 1,
      businessKey: null,
      startedAt: new Date(),
      organizationId: null,
      startedBy: null,
      unconfirmedStart: null,
    });
    await em.flush();
  };

  beforeAll(async () => {
    orm = await createOrm({ databaseUrl: process.env.FLOWDESK_TEST_DATABASE_URL!, poolMax: 2 });
    em = orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('projection approval mail test: deploys its definitions'));
  });
  afterAll(() => orm.close());
  beforeEach(() => {
    instanceId = randomUUID();
  });
  afterEach(() => jest.restoreAllMocks());

  it('makes no approval look for a definition without approval tasks', async () => {
    const { definition } = await new ProcessDefinitionService(em).deploy(diagram(`plain_${tag}`, ''), actor);
    await startInstance(definition);
    const mailNew = jest.spyOn(ApprovalMailer.prototype, 'mailNew').mockResolvedValue(0);
    await project(definition.id, 1);
    await project(definition.id, 1); // a retry of an applied projection
    expect(mailNew).not.toHaveBeenCalled();
  });

  it('still sends what is unsent for a definition with approval tasks, on a retry too', async () => {
    const properties = '<zeebe:properties><zeebe:property name="approval" value="change" /></zeebe:properties>';
    const { definition } = await new ProcessDefinitionService(em).deploy(diagram(`approving_${tag}`, properties), actor);
    await startInstance(definition);
    const mailNew = jest.spyOn(ApprovalMailer.prototype, 'mailNew').mockResolvedValue(0);
    await project(definition.id, 1);
    await project(definition.id, 1);
    expect(mailNew.mock.calls).toEqual([[instanceId], [instanceId]]);
  });
});
