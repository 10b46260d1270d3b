import type { EntityManager } from '@mikro-orm/postgresql';
import { isFeelExpression } from '../../../engine/feel/feel';
import type { CalledBinding, CompileProblem, FlowNode, ProcessGraph } from '../../../engine/compiler';
import { DmnValidationError, type CompiledDecisions } from '../../../engine/dmn';
import type { Compiler } from '../../compile/compiler';
import { NotFound, WrongState } from '../../errors';
import type { FormResource } from './form-definition-service';
import { ProcessDefinition } from './process-definition.entity';
import { DecisionDefinition } from '../../decisions/domain/decision-definition.entity';

type Compiled = ReadonlyArray<{ graph: ProcessGraph }>;
type Unbound = Pick<CompileProblem, 'field' | 'code' | 'message'>;

/**
 * What a deployment's elements bound to it (`bindingType="deployment"`) need from it and it does not
 * bring, refused as Camunda refuses them: a user task's (or start event's) form without a `.form` file, a call activity's
 * process, a business rule task's decision without a `.dmn` file. A process id computed by FEEL is
 * looked up when the call happens, and fails into an incident there if the deployment lacks it.
 */
export function outsideDeployment(
  compiled: Compiled,
  brought: { forms: readonly FormResource[]; processIds: ReadonlySet<string>; decisionIds: ReadonlySet<string> },
): CompileProblem[] {
  const formIds = new Set(brought.forms.map((f) => f.formId));
  return [
    ...elementsOutside(compiled, (node) =>
      (node.kind === 'userTask' || node.kind === 'startEvent') &&
      node.form &&
      'formId' in node.form &&
      node.form.bindingType === 'deployment' &&
      !formIds.has(node.form.formId)
        ? {
            field: 'zeebe:formDefinition.formId',
            code: 'FORM_NOT_IN_DEPLOYMENT',
            message: `form "${node.form.formId}" is bound to this deployment (bindingType="deployment"), which has no such .form file`,
          }
        : undefined,
    ),
    ...elementsOutside(compiled, (node) =>
      node.kind === 'callActivity' &&
      node.binding?.type === 'deployment' &&
      !isFeelExpression(node.calledProcessId) &&
      !brought.processIds.has(node.calledProcessId)
        ? {
            field: 'zeebe:calledElement.processId',
            code: 'CALLED_PROCESS_NOT_IN_DEPLOYMENT',
            message: `process "${node.calledProcessId}" is bound to this deployment (bindingType="deployment"), which does not bring it`,
          }
        : undefined,
    ),
    ...elementsOutside(compiled, (node) =>
      node.kind === 'businessRuleTask' && node.binding?.type === 'deployment' && !brought.decisionIds.has(node.decisionId)
        ? {
            field: 'zeebe:calledDecision.decisionId',
            code: 'DECISION_NOT_IN_DEPLOYMENT',
            message: `decision "${node.decisionId}" is bound to this deployment (bindingType="deployment"), which has no .dmn file with it`,
          }
        : undefined,
    ),
  ];
}

/** Every element of the deployment's processes that `unbound` finds fault with, as a problem naming it. */
function elementsOutside(compiled: Compiled, unbound: (node: FlowNode) => Unbound | undefined): CompileProblem[] {
  return compiled.flatMap(({ graph }) =>
    Object.values(graph.elements).flatMap((node) => {
      const problem = unbound(node);
      return problem ? [{ elementId: node.id, ...(node.name ? { elementName: node.name } : {}), ...problem }] : [];
    }),
  );
}

/**
 * The DMN files of a deployment, compiled before anything is written. A decision id in two of them is
 * refused, as a process id twice is: which of them would be its next version?
 */
export async function compileDecisionFiles(compiler: Compiler, dmns: readonly string[]): Promise<CompiledDecisions[]> {
  const files = await Promise.all(dmns.map((xml) => compiler.compileDecisions(xml)));
  const ids = files.flatMap((f) => Object.keys(f.graph.decisions));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) {
    throw new DmnValidationError([
      { decisionId: twice, code: 'DUPLICATE_DECISION_ID', message: `decision "${twice}" is in the deployment more than once` },
    ]);
  }
  return files;
}

/**
 * The version a bound call activity starts: the one deployed with the calling version (`deployment`),
 * or the newest one carrying the tag (`versionTag`). An unbound call starts the active version instead.
 * @throws NotFound naming the binding when there is none; WrongState when it is archived.
 */
export async function resolveBoundProcess(
  em: EntityManager,
  processId: string,
  binding: CalledBinding,
  callerDefinitionId: string,
): Promise<ProcessDefinition> {
  let definition: ProcessDefinition | null;
  let missing: string;
  if (binding.type === 'deployment') {
    const bound = await deployedWithCaller(
      em,
      callerDefinitionId,
      (caller) => caller.processBindings?.[processId],
      `process "${processId}"`,
    );
    definition = bound.id ? await em.findOne(ProcessDefinition, { id: bound.id }) : null;
    missing = bound.missing;
  } else {
    definition = await em.findOne(ProcessDefinition, { processId, versionTag: binding.versionTag }, { orderBy: { version: 'desc' } });
    missing = `no version of process "${processId}" has the version tag "${binding.versionTag}" (bindingType="versionTag")`;
  }
  if (!definition) throw new NotFound('PROCESS_DEFINITION_NOT_FOUND', missing);
  if (definition.archivedAt)
    throw new WrongState(
      'PROCESS_DEFINITION_ARCHIVED',
      `version ${definition.version} of "${processId}" is archived; it cannot start instances`,
    );
  return definition;
}

/**
 * The decision version a bound business rule task evaluates: the one deployed with the calling process
 * version (`deployment`), or the newest one carrying the tag (`versionTag`).
 * @throws NotFound (`DECISION_NOT_DEPLOYED`) naming the binding when there is none.
 */
export async function resolveBoundDecision(
  em: EntityManager,
  decisionId: string,
  binding: CalledBinding,
  callerDefinitionId: string,
): Promise<DecisionDefinition> {
  let decision: DecisionDefinition | null;
  let missing: string;
  if (binding.type === 'deployment') {
    const bound = await deployedWithCaller(
      em,
      callerDefinitionId,
      (caller) => caller.decisionBindings?.[decisionId],
      `decision "${decisionId}"`,
    );
    decision = bound.id ? await em.findOne(DecisionDefinition, { id: bound.id }) : null;
    missing = bound.missing;
  } else {
    decision = await em.findOne(DecisionDefinition, { decisionId, versionTag: binding.versionTag }, { orderBy: { version: 'desc' } });
    missing = `no version of decision "${decisionId}" has the version tag "${binding.versionTag}" (bindingType="versionTag")`;
  }
  if (!decision) throw new NotFound('DECISION_NOT_DEPLOYED', missing);
  return decision;
}

/** The id the calling process version's deployment bound `what` to, and how to say there is none. */
async function deployedWithCaller(
  em: EntityManager,
  callerDefinitionId: string,
  boundId: (caller: ProcessDefinition) => string | undefined,
  what: string,
): Promise<{ id: string | undefined; missing: string }> {
  const caller = await em.findOne(ProcessDefinition, { id: callerDefinitionId });
  return {
    id: caller ? boundId(caller) : undefined,
    missing: `${what} was not deployed with version ${caller?.version ?? '?'} of "${caller?.processId ?? '?'}" (bindingType="deployment")`,
  };
}
