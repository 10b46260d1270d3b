import type { EntityManager } from '@mikro-orm/postgresql';
import { isFeelExpression } from '../../../engine/feel/feel';
import type { CalledBinding, CompileProblem, ProcessGraph } from '../../../engine/compiler';
import { DmnValidationError, type CompiledDecisions } from '../../../engine/dmn';
import type { Compiler } from '../../compile/compiler';
import { NotFound, WrongState } from '../../errors';
import type { FormResource } from './form-definition-service';
import { ProcessDefinition } from './process-definition.entity';
import { DecisionDefinition } from '../../decisions/domain/decision-definition.entity';

type Compiled = ReadonlyArray<{ graph: ProcessGraph }>;

/**
 * What a deployment's elements bound to it (`bindingType="deployment"`) need from it, refused as Camunda
 * refuses them: a user task's form the deployment has no `.form` file for.
 */
export function formsOutsideDeployment(compiled: Compiled, forms: readonly FormResource[]): CompileProblem[] {
  const formIds = new Set(forms.map((f) => f.formId));
  return compiled.flatMap(({ graph }) =>
    Object.values(graph.elements).flatMap((node) =>
      node.kind === 'userTask' &&
      node.form &&
      'formId' in node.form &&
      node.form.bindingType === 'deployment' &&
      !formIds.has(node.form.formId)
        ? [
            {
              elementId: node.id,
              ...(node.name ? { elementName: node.name } : {}),
              field: 'zeebe:formDefinition.formId',
              code: 'FORM_NOT_IN_DEPLOYMENT',
              message: `form "${node.form.formId}" is bound to this deployment (bindingType="deployment"), which has no such .form file`,
            },
          ]
        : [],
    ),
  );
}

/**
 * …and a call activity's process the deployment does not bring. A process id computed by FEEL is looked
 * up when the call happens, and fails into an incident there if the deployment lacks it.
 */
export function callsOutsideDeployment(compiled: Compiled, inDeployment: ReadonlySet<string>): CompileProblem[] {
  return compiled.flatMap(({ graph }) =>
    Object.values(graph.elements).flatMap((node) =>
      node.kind === 'callActivity' &&
      node.binding?.type === 'deployment' &&
      !isFeelExpression(node.calledProcessId) &&
      !inDeployment.has(node.calledProcessId)
        ? [
            {
              elementId: node.id,
              ...(node.name ? { elementName: node.name } : {}),
              field: 'zeebe:calledElement.processId',
              code: 'CALLED_PROCESS_NOT_IN_DEPLOYMENT',
              message: `process "${node.calledProcessId}" is bound to this deployment (bindingType="deployment"), which does not bring it`,
            },
          ]
        : [],
    ),
  );
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
    const caller = await em.findOne(ProcessDefinition, { id: callerDefinitionId });
    const id = caller?.processBindings?.[processId];
    definition = id ? await em.findOne(ProcessDefinition, { id }) : null;
    missing = `process "${processId}" was not deployed with version ${caller?.version ?? '?'} of "${caller?.processId ?? '?'}" (bindingType="deployment")`;
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
 * The decision version a bound business rule task evaluates: the one deployed with the calling process
 * version (`deployment`), or the newest one carrying the tag (`versionTag`). @returns it, or why there is none.
 */
export async function resolveBoundDecision(
  em: EntityManager,
  decisionId: string,
  binding: CalledBinding,
  callerDefinitionId: string,
): Promise<DecisionDefinition | string> {
  if (binding.type === 'deployment') {
    const caller = await em.findOne(ProcessDefinition, { id: callerDefinitionId });
    const id = caller?.decisionBindings?.[decisionId];
    const found = id ? await em.findOne(DecisionDefinition, { id }) : null;
    return (
      found ??
      `decision "${decisionId}" was not deployed with version ${caller?.version ?? '?'} of "${caller?.processId ?? '?'}" (bindingType="deployment")`
    );
  }
  const found = await em.findOne(DecisionDefinition, { decisionId, versionTag: binding.versionTag }, { orderBy: { version: 'desc' } });
  return found ?? `no version of decision "${decisionId}" has the version tag "${binding.versionTag}" (bindingType="versionTag")`;
}

/** …and a business rule task's decision the deployment's DMN files do not bring. */
export function decisionsOutsideDeployment(compiled: Compiled, inDeployment: ReadonlySet<string>): CompileProblem[] {
  return compiled.flatMap(({ graph }) =>
    Object.values(graph.elements).flatMap((node) =>
      node.kind === 'businessRuleTask' && node.binding?.type === 'deployment' && !inDeployment.has(node.decisionId)
        ? [
            {
              elementId: node.id,
              ...(node.name ? { elementName: node.name } : {}),
              field: 'zeebe:calledDecision.decisionId',
              code: 'DECISION_NOT_IN_DEPLOYMENT',
              message: `decision "${node.decisionId}" is bound to this deployment (bindingType="deployment"), which has no .dmn file with it`,
            },
          ]
        : [],
    ),
  );
}
