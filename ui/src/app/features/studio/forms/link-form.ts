import type Modeler from 'bpmn-js/lib/Modeler';

interface ModdleNode {
  $type: string;
  $parent?: ModdleNode;
  id?: string;
  name?: string;
  values?: ModdleNode[];
  extensionElements?: ModdleNode;
  formId?: string;
}
interface Shape {
  type: string;
  businessObject: ModdleNode;
}
interface Modeling {
  updateModdleProperties(element: Shape, target: ModdleNode, properties: Record<string, unknown>): void;
}
interface Moddle {
  create(type: string, properties?: Record<string, unknown>): ModdleNode;
}

/**
 * Links the user task selected in the diagram to a Camunda form, as Camunda Modeler's "Linked form"
 * does: `zeebe:formDefinition formId="…"` (camunda-bpmn-js-behaviors then drops an embedded or custom
 * form key of the task, and its embedded form, as Camunda allows one form per task). The
 * binding stays Camunda's default ("latest"), so the task shows the newest deployed version of the
 * form, and a later deploy of the diagram alone still runs. Made through modeling commands, so undo
 * takes it back. Returns what happened, in words, for the studio's status line.
 */
export function linkFormToSelection(modeler: Modeler, formId: string): { ok: boolean; message: string } {
  const selected = modeler.get<{ get(): Shape[] }>('selection').get();
  const task = selected.find((s) => s.type === 'bpmn:UserTask');
  if (!task) return { ok: false, message: 'Select a user task in the diagram first: the form is linked to it.' };
  const modeling = modeler.get<Modeling>('modeling');
  const moddle = modeler.get<Moddle>('moddle');
  const bo = task.businessObject;
  let extensions = bo.extensionElements;
  if (!extensions) {
    extensions = moddle.create('bpmn:ExtensionElements', { values: [] });
    extensions.$parent = bo;
    modeling.updateModdleProperties(task, bo, { extensionElements: extensions });
  }
  const existing = (extensions.values ?? []).find((v) => v.$type === 'zeebe:FormDefinition');
  if (existing) {
    modeling.updateModdleProperties(task, existing, { formId });
  } else {
    const definition = moddle.create('zeebe:FormDefinition', { formId });
    definition.$parent = extensions;
    modeling.updateModdleProperties(task, extensions, { values: [...(extensions.values ?? []), definition] });
  }
  const name = bo.name?.trim() || bo.id;
  return { ok: true, message: `The task “${name}” now shows the form “${formId}”.` };
}
