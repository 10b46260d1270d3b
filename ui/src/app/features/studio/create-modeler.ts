import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import LintModule from 'bpmn-js-bpmnlint';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { LintInWordsModule } from './lint/lint-in-words';
import { liveLintConfig } from './lint/live-lint-rules';

/**
 * A bpmn-js modeler with the properties panel and the Zeebe (Camunda 8)
 * extensions, so task types, assignments and conditions can be edited, and
 * live lint: the server's lint rules run on every change and mark the element
 * in the server's words.
 */
export function createModeler(canvas: HTMLElement, properties: HTMLElement): Modeler {
  return new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    linting: { active: true, bpmnlint: liveLintConfig() },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      LintModule,
      LintInWordsModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
}
