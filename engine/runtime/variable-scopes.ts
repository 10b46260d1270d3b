import type { ElementInstance, ProcessState } from './process-state';

/**
 * Zeebe's variable scoping: the process scope at the root, one local scope per element instance
 * that has locals (input mappings, a multi-instance item). An element sees its own scope and every
 * enclosing one; an update lands in the nearest enclosing scope that already holds the variable,
 * else in the process scope (inside an ad-hoc sub-process: in its scope).
 */
export class VariableScopes {
  constructor(private readonly state: ProcessState) {}

  visible(instance: ElementInstance): Record<string, unknown> {
    const chain: ElementInstance[] = [];
    for (let current: ElementInstance | undefined = instance; current; current = this.parent(current)) chain.unshift(current);
    let merged = this.state.variables;
    for (const scope of chain) if (scope.locals) merged = { ...merged, ...scope.locals };
    return merged;
  }

  /** Sets each variable in the nearest scope, starting at `scopeKey`, that defines it. */
  propagate(scopeKey: number | undefined, variables: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(variables)) {
      let target: Record<string, unknown> = this.state.variables;
      for (let scope = this.byKey(scopeKey); scope; scope = this.parent(scope)) {
        if (scope.locals && Object.prototype.hasOwnProperty.call(scope.locals, name)) {
          target = scope.locals;
          break;
        }
        // An ad-hoc sub-process keeps what its inner elements write (Camunda 8.8): its output collection
        // and output mappings hand results out.
        if (scope.adHoc) {
          target = scope.locals ??= {};
          break;
        }
      }
      target[name] = value;
    }
  }

  /** Writes straight into one scope (the API's "set variables" on an element instance). */
  setLocal(scopeKey: number | undefined, variables: Record<string, unknown>): void {
    const scope = this.byKey(scopeKey);
    if (scope) scope.locals = { ...scope.locals, ...variables };
    else Object.assign(this.state.variables, variables);
  }

  private parent(instance: ElementInstance): ElementInstance | undefined {
    return this.byKey(instance.bodyKey ?? instance.scopeKey);
  }

  private byKey(key: number | undefined): ElementInstance | undefined {
    return key === undefined ? undefined : this.state.elementInstances.find((i) => i.key === key);
  }
}
