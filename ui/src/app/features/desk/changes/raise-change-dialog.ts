import { Component, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { CatalogApi } from '../../../core/api/catalog-api';
import { ChangesApi, NewChange } from '../../../core/api/changes-api';
import { FormRun } from '../../../shared/action-form/form-run';
import { instantOf } from '../../../shared/window-fields/local-time';
import { WindowFields, WindowSpec } from '../../../shared/window-fields/window-fields';
import { ProblemMessage } from '../../operate/problem-message';

const FIELDS = [
  'changeType',
  'changeTemplate',
  'title',
  'description',
  'service',
  'impact',
  'likelihood',
  'plannedStartAt',
  'plannedEndAt',
  'implementationPlan',
  'backoutPlan',
  'testPlan',
] as const;

/** What a caller may fill in beforehand (a problem raising the change that removes its root cause). */
export interface RaiseChangeData {
  title?: string;
  description?: string;
  organizationId?: string | null;
}

/** The planned window: conflicts and blackouts are checked against it before approval. */
const WINDOW: WindowSpec = {
  start: { label: 'Planned start', field: 'plannedStartAt', testId: 'change-start-input', errorId: 'change-start-error' },
  end: { label: 'Planned end', field: 'plannedEndAt', testId: 'change-end-input', errorId: 'change-end-error' },
};

/** An end left empty is not sent. */
const instant = (local: string): string | undefined => (local ? instantOf(local) : undefined);

/**
 * Raises a change at the desk with what its process judges it by: the type (a standard change names its
 * pre-approved template and skips the CAB), the service, impact and likelihood (the risk table's
 * inputs), the planned window (conflicts and blackouts are checked against it before approval) and
 * the implementation, back-out and test plans the approvers read. The API validates every field and
 * names the one it refuses; the dialog shows that message beside it.
 */
@Component({
  selector: 'app-raise-change-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, ProblemMessage, WindowFields],
  templateUrl: './raise-change-dialog.html',
  styleUrl: './raise-change-dialog.css',
})
export class RaiseChangeDialog {
  private readonly api = inject(ChangesApi);
  private readonly ref = inject<MatDialogRef<RaiseChangeDialog, string>>(MatDialogRef);
  private readonly data = inject<RaiseChangeData | null>(MAT_DIALOG_DATA, { optional: true });
  protected readonly form = new FormRun(FIELDS);
  protected readonly levels = ['low', 'medium', 'high'];
  protected readonly plannedWindow = WINDOW;
  protected services: string[] = [];
  protected draft = {
    changeType: 'normal',
    changeTemplate: '',
    title: this.data?.title ?? '',
    description: this.data?.description ?? '',
    service: '',
    impact: 'medium',
    likelihood: 'medium',
    plannedStartAt: '',
    plannedEndAt: '',
    implementationPlan: '',
    backoutPlan: '',
    testPlan: '',
  };

  constructor() {
    const organizationId = this.data?.organizationId ?? undefined;
    void firstValueFrom(inject(CatalogApi).services(organizationId))
      .then((list) => (this.services = list.map((s) => s.name).sort()))
      .catch(() => undefined);
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async save(): Promise<void> {
    const d = this.draft;
    const text = (s: string) => (s.trim() ? s.trim() : undefined);
    const change: NewChange = {
      type: 'change',
      changeType: d.changeType,
      title: d.title.trim(),
      description: d.description,
      impact: d.impact,
      likelihood: d.likelihood,
      ...(d.changeType === 'standard' ? { changeTemplate: text(d.changeTemplate) } : {}),
      ...(d.service ? { service: d.service } : {}),
      ...(this.data?.organizationId ? { organizationId: this.data.organizationId } : {}),
      plannedStartAt: instant(d.plannedStartAt),
      plannedEndAt: instant(d.plannedEndAt),
      implementationPlan: text(d.implementationPlan),
      backoutPlan: text(d.backoutPlan),
      testPlan: text(d.testPlan),
    };
    const raised = await this.form.run(() => firstValueFrom(this.api.raise(change)));
    if (raised) this.ref.close(raised.number);
  }
}
