/**
 * Preloaded into the workflow sandbox (process-worker.ts): stack traces of the sandbox's errors are not
 * collected. Temporal's worker installs a promise hook that, for every promise a workflow creates, builds
 * an `Error` of the sandbox and source-maps its stack, to answer the `__stack_trace` query of a blocked
 * workflow. The interpreter creates promises for every token, activity and wait, and profiled under load
 * that hook was about 30% of the workflow thread (docs/operations.md, "Where a worker's CPU goes"). A
 * stack trace limit of 0 leaves the hook nothing to capture or map.
 *
 * What is given up is diagnostic only: the stack-trace query answers empty, and a workflow task failure
 * or workflow error carries its message and type but no stack (an instance's BPMN state, its element ids
 * and the incident's message say where it is). Determinism is untouched: no command depends on a stack.
 * A worker started with `FLOWDESK_WORKFLOW_STACK_TRACES=on` bundles without this module and collects them.
 *
 * Evaluated once per worker thread, before the SDK freezes the sandbox's globals.
 */
Error.stackTraceLimit = 0;

export {};
