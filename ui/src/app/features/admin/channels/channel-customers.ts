import { signal } from '@angular/core';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Organization } from '../../../core/api/directory-api';
import { loadAll } from '../directory/load-all';

/**
 * The customers a channels page offers its panels' forms, sorted by name; loaded once per page for all its
 * panels. Built in a field initialiser (`new ChannelCustomers(inject(DirectoryApi))`), it starts loading at once.
 */
export class ChannelCustomers {
  readonly organizations = signal<Organization[]>([]);
  readonly loadError = signal<ApiProblem | null>(null);

  constructor(directory: DirectoryApi) {
    loadAll((offset) => directory.organizations(offset))
      .then((list) => this.organizations.set(list.sort((a, b) => a.name.localeCompare(b.name))))
      .catch((err: unknown) => this.loadError.set(toApiProblem(err)));
  }
}
