import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { CustomerService, type ContractChanges } from '../domain/customer-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentContract } from '../presenters';
import { contract, idParams, updateContractPayload } from '../schemas';

export const updateContract: ServerRoute = {
  method: 'PATCH',
  path: '/contracts/{id}',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'Change a contract: name, validity, SLA terms (admin); work orders raised from now on count on the new terms',
    validate: { params: idParams, payload: updateContractPayload },
    response: { schema: contract },
  },
  async handler(request) {
    const updated = await new CustomerService(request.app.em).updateContract(
      actorOf(principalOf(request)),
      request.params.id as string,
      request.payload as ContractChanges,
    );
    return presentContract(updated);
  },
};
