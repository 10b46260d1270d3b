import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { Site } from '../../identity/domain/site.entity';
import { SiteLocation } from './site-location.entity';

/** Sites on the map: the coordinates and territory dispatch measures and matches by. */
export class SiteLocationService {
  constructor(private readonly em: EntityManager) {}

  async get(siteId: string): Promise<SiteLocation> {
    const found = await this.em.findOne(SiteLocation, { siteId });
    if (!found) throw new NotFound('SITE_LOCATION_NOT_FOUND', `site ${siteId} has no location`);
    return found;
  }

  async set(principal: Principal, siteId: string, input: { latitude: number; longitude: number; territory?: string | null }) {
    // The site's visibility is the caller's tenant scope: another customer's site is not there.
    const site = await this.em.findOne(Site, { id: siteId });
    if (!site) throw new NotFound('SITE_NOT_FOUND', `site ${siteId} does not exist`);
    const before = await this.em.findOne(SiteLocation, { siteId });
    const values = { latitude: input.latitude, longitude: input.longitude, territory: input.territory ?? null, updatedAt: new Date() };
    const location = before
      ? Object.assign(before, values)
      : this.em.create(SiteLocation, { siteId, organizationId: site.organizationId, ...values });
    recordAudit(this.em, actorOf(principal), { action: 'site.located', entity: 'Site', entityId: siteId, after: { ...values } });
    await this.em.flush();
    return location;
  }
}
