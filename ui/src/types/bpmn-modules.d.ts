// Minimal declarations for bpmn-io packages that ship no TypeScript types.

declare module 'bpmn-js-properties-panel' {
  type DiagramModule = Record<string, unknown>;
  export const BpmnPropertiesPanelModule: DiagramModule;
  export const BpmnPropertiesProviderModule: DiagramModule;
  export const ZeebePropertiesProviderModule: DiagramModule;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const ZeebeBehaviorsModule: Record<string, unknown>;
  export default ZeebeBehaviorsModule;
}

declare module 'bpmn-js-bpmnlint' {
  const LintModule: Record<string, unknown>;
  export default LintModule;
}

declare module 'bpmnlint/config/recommended' {
  const recommended: { rules: Record<string, string> };
  export default recommended;
}

declare module 'bpmnlint/rules/*' {
  const rule: unknown;
  export default rule;
}

declare module 'bpmnlint/lib/resolver/static-resolver' {
  export default class StaticResolver {
    constructor(cache: Record<string, unknown>);
  }
}
