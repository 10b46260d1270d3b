import type { Plugin } from '@hapi/hapi';
import { SurveyLinks } from './domain/survey-links';
import { surveyRoutes } from './routes/survey-routes';

export interface SurveysOptions {
  /** The secret the mails' survey links were signed with (the JWT secret, as for reply addresses). */
  secret: string;
}

/** Satisfaction surveys: answered from a signed link without login, read per ticket, agent and group. */
export const surveysPlugin: Plugin<SurveysOptions> = {
  name: 'flowdesk-surveys',
  register(server, opts) {
    server.route(surveyRoutes(new SurveyLinks(opts.secret)));
  },
};
