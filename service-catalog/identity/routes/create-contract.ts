import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { CustomerService } from '../domain/customer-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentContract } from '../presenters';
import { contract, createContractPayload } from '../schemas';

export const createContract: ServerRoute = {
  method: 'POST',
  path: '/contracts',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'Add a contract to a customer organisation (admin)',
    validate: { payload: createContractPayload },
    response: { status: { 201: contract } },
  },
  async handler(request, h) {
    const created = await new CustomerService(request.app.em).createContract(
      actorOf(principalOf(request)),
      request.payload as Parameters<CustomerService['createContract']>[1],
    );
    return h.response(presentContract(created)).code(201);
  },
};
