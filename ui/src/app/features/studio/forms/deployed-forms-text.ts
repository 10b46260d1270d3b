import { DeployedForm } from '../../../core/api/api-types';

/** ` with form “a” v2 (unchanged) and form “b” v1`: what a deploy did with the forms sent with the diagram. */
export function deployedFormsText(forms: DeployedForm[] | undefined): string {
  if (!forms?.length) return '';
  const each = forms.map((f) => `form “${f.formId}” v${f.version}${f.created ? '' : ' (unchanged)'}`);
  return ` with ${each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each.at(-1)}` : each[0]}`;
}
