export * from './mail-attachment.entity';
export * from './mail-message.entity';

import { MailAttachment } from './mail-attachment.entity';
import { MailMessage } from './mail-message.entity';

export const NOTIFICATION_ENTITIES = [MailMessage, MailAttachment];
