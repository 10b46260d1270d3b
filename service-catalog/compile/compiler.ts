import { compileProcess, compileProcesses, type CompileContext, type CompiledProcess } from '../../engine/compiler';
import { compileDecisions, type CompiledDecisions } from '../../engine/dmn';

/**
 * Turns uploaded BPMN and DMN XML into graphs. The API uses a {@link CompilerPool}, which compiles
 * on worker threads: a near-limit diagram takes the best part of a second to parse, check and lint,
 * and on the event loop that second would stall every other request.
 */
export interface Compiler {
  /** @throws BpmnTooLargeError, BpmnParseError, BpmnValidationError as {@link compileProcess} does */
  compileProcess(xml: string, context?: CompileContext): Promise<CompiledProcess>;
  /** Every executable process of the file (deploy); throws as {@link compileProcess} does. */
  compileProcesses(xml: string, context?: CompileContext): Promise<CompiledProcess[]>;
  /** @throws DmnTooLargeError, DmnParseError, DmnValidationError as {@link compileDecisions} does */
  compileDecisions(xml: string): Promise<CompiledDecisions>;
}

/** Compiles on the calling thread: for scripts and tests that call the domain services directly, never for requests. */
export const inProcessCompiler: Compiler = {
  compileProcess: (xml, context) => compileProcess(xml, context),
  compileProcesses: (xml, context) => compileProcesses(xml, context),
  compileDecisions: (xml) => compileDecisions(xml),
};
