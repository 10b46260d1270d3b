import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { ApiTokenService } from '../domain/api-token-service';
import { presentApiToken } from '../presenters';
import { apiTokenList } from '../schemas';

export const listApiTokens: ServerRoute = {
  method: 'GET',
  path: '/api-tokens',
  options: { tags: ['api', 'auth'], description: 'Your API tokens (without their secrets)', response: { schema: apiTokenList } },
  async handler(request) {
    const tokens = await new ApiTokenService(request.app.em).list(principalOf(request).userId);
    return { items: tokens.map(presentApiToken), total: tokens.length };
  },
};
