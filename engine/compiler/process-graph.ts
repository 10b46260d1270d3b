/**
 * The compiled, JSON-serialisable form of one executable BPMN process.
 *
 * It is what a running instance carries in its workflow input, so it must stay compact and must never
 * reference moddle objects: a redeploy produces a new graph and leaves running instances on theirs.
 */
export interface ProcessGraph {
  /** The BPMN process id (`bpmn:process/@id`), stable across versions. */
  processId: string;
  name?: string;
  /** None start events, the only way an instance is started by the skeleton. */
  startEventIds: string[];
  elements: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
}

export interface SequenceFlow {
  id: string;
  name?: string;
  sourceId: string;
  targetId: string;
  /** FEEL expression without the leading `=`. */
  condition?: string;
}

/** A Zeebe input or output mapping: `source` is a FEEL expression, `target` a variable name. */
export interface VariableMapping {
  source: string;
  target: string;
}

interface FlowNodeBase {
  id: string;
  name?: string;
  incoming: string[];
  outgoing: string[];
  inputs?: VariableMapping[];
  outputs?: VariableMapping[];
}

export interface StartEventNode extends FlowNodeBase { kind: 'startEvent' }
export interface EndEventNode extends FlowNodeBase { kind: 'endEvent' }
/** `bpmn:task` and `bpmn:manualTask`: the engine only passes the token through. */
export interface PassThroughNode extends FlowNodeBase { kind: 'task' | 'manualTask' }

export interface UserTaskNode extends FlowNodeBase {
  kind: 'userTask';
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  formKey?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
}

export interface ServiceTaskNode extends FlowNodeBase {
  kind: 'serviceTask';
  /** `zeebe:taskDefinition/@type`: names the activity the worker runs. */
  taskType: string;
  retries: number;
  headers: Record<string, string>;
}

export interface ScriptTaskNode extends FlowNodeBase {
  kind: 'scriptTask';
  expression: string;
  resultVariable: string;
}

export interface ExclusiveGatewayNode extends FlowNodeBase {
  kind: 'exclusiveGateway';
  defaultFlowId?: string;
}

export interface ParallelGatewayNode extends FlowNodeBase { kind: 'parallelGateway' }

export type FlowNode =
  | StartEventNode
  | EndEventNode
  | PassThroughNode
  | UserTaskNode
  | ServiceTaskNode
  | ScriptTaskNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode;

export type FlowNodeKind = FlowNode['kind'];
