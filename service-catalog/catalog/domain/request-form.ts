/**
 * The request form of a catalog item is a @bpmn-io/form-js schema (what the portal renders with
 * form-js), checked by the server itself at save and at submit time. The checks are the engine's
 * (`engine/forms/form-schema.ts`), shared with the Camunda forms user tasks show; a catalog form is
 * held to what the server can check completely (every option listed, every limit a number).
 */
export { checkAnswers, checkFormSchema, type FormProblem } from '../../../engine/forms/form-schema';
