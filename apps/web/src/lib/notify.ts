import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/** A toast whose close button is named in the current language (axe: button-name). */
export function notify(message: string, color: 'green' | 'red' | 'gray' = 'green'): void {
  notifications.show({
    message,
    color: color === 'green' ? 'ok' : color === 'red' ? 'red' : 'gray',
    autoClose: color === 'red' ? 8000 : 4000,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
