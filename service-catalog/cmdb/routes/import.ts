import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { importCis, type ImportRequest } from '../domain/ci-import';
import { importPayload, importReport } from '../schemas';
import { STAFF } from './access';

export const importCmdb: ServerRoute = {
  method: 'POST',
  path: '/cmdb/imports',
  options: {
    tags: ['api', 'cmdb'],
    description:
      'Import CIs and relations (CSV text or JSON rows) into one organisation, matched by key. dryRun (default) reports per row create / update / unchanged / refuse; a run with a refused row writes nothing (422); otherwise all rows in one transaction',
    auth: STAFF,
    payload: { maxBytes: 25 * 1024 * 1024 },
    validate: { payload: importPayload },
    response: { schema: importReport },
  },
  async handler(request) {
    return importCis(request.app.em, principalOf(request), request.payload as ImportRequest);
  },
};
