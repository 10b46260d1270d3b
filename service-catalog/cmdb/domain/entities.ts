import { CiRelation } from './ci-relation.entity';
import { ConfigurationItem } from './configuration-item.entity';
import { TicketCiLink } from './ticket-ci-link.entity';

export const cmdbEntities = [ConfigurationItem, CiRelation, TicketCiLink];
