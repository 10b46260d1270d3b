import type { Plugin } from '@hapi/hapi';
import {
  analyseProblem,
  getProblem,
  linkProblemChange,
  linkProblemIncidents,
  openProblem,
  publishWorkaround,
  searchKnownErrors,
} from './routes/problem-routes';

/** Problem management: problems from incidents, root-cause analysis, workarounds and known errors. */
export const problemsPlugin: Plugin<void> = {
  name: 'flowdesk-problems',
  register(server) {
    server.route([openProblem, getProblem, linkProblemIncidents, linkProblemChange, analyseProblem, publishWorkaround, searchKnownErrors]);
  },
};
