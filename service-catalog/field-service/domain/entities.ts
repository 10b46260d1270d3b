import { ChecklistTemplate } from './checklist-template.entity';
import { Part } from './part.entity';
import { SiteLocation } from './site-location.entity';
import { SyncAction } from './sync-action.entity';
import { Technician, TechnicianAbsence } from './technician.entity';
import { WorkOrder } from './work-order.entity';
import { WorkTypeSetting } from './work-type-setting.entity';

export const fieldServiceEntities = [
  Technician,
  TechnicianAbsence,
  SiteLocation,
  WorkOrder,
  ChecklistTemplate,
  SyncAction,
  Part,
  WorkTypeSetting,
];
