export * from './report-delivery.entity';
export * from './report-subscription.entity';

import { ReportDelivery } from './report-delivery.entity';
import { ReportSubscription } from './report-subscription.entity';

export const REPORT_ENTITIES = [ReportSubscription, ReportDelivery];
