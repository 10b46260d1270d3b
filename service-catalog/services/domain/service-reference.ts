import type { EntityManager } from '@mikro-orm/postgresql';
import { UnknownService } from '../../errors';
import { ServiceService } from './service-service';

/** A ticket's service as a write may name it: `service` (an id, or a name as older clients send), `serviceId`. */
export interface ServiceNaming {
  service?: string | null;
  serviceId?: string | null;
}

/**
 * The service fields a ticket write sets, resolved: a reference becomes the service's id and its name
 * (which the ticket keeps beside the id for search, mail templates and the incident diagram's
 * `service` variable). Naming none leaves both alone; null clears both. An unknown reference is a 422
 * naming `field` (`payload.service`), unless `lenient` (a process writing back what the desk already
 * checked): then the name is kept without an id rather than failing the process.
 */
export async function resolveServiceNaming(
  em: EntityManager,
  organizationId: string | null,
  naming: ServiceNaming,
  fieldPrefix: string,
  lenient = false,
): Promise<{ service?: string | null; serviceId?: string | null }> {
  const [field, reference] =
    naming.serviceId !== undefined ? [`${fieldPrefix}serviceId`, naming.serviceId] : [`${fieldPrefix}service`, naming.service];
  if (reference === undefined) return {};
  if (reference === null || reference.trim() === '') return { service: null, serviceId: null };
  try {
    const found = await new ServiceService(em).resolve(reference, organizationId, field);
    return { service: found.name, serviceId: found.id };
  } catch (err) {
    if (lenient && err instanceof UnknownService) return { service: reference, serviceId: null };
    throw err;
  }
}
