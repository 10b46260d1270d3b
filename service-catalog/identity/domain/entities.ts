import { ApiToken } from './api-token.entity';
import { Contract } from './contract.entity';
import { Group } from './group.entity';
import { Organization } from './organization.entity';
import { RefreshToken } from './refresh-token.entity';
import { Site } from './site.entity';
import { User } from './user.entity';

export const identityEntities = [Organization, Site, Contract, Group, User, RefreshToken, ApiToken];
