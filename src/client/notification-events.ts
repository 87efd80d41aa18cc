/**
 * Which client events a platform notification becomes: `card:status`, `password:changed`,
 * `password:locked`, `payment:enabled`, `payment:succeeded` / `payment:refunded`, `bill:paid`,
 * `application:updated`, `member:status`, `certification:completed`, `benefit:paid` or
 * `benefit:suspended`. The `notification`
 * event and the known-cards filter stay with the client.
 */
import type { PlatformNotification } from '../domain/types.js';
import type { EmitClientEvent } from './events.js';

/** Emits on `client` the card events of one notification that passed its filter. */
export function emitNotificationEvents(
  client: { emit: EmitClientEvent },
  notification: PlatformNotification,
): void {
  const { signNo } = notification;
  switch (notification.type) {
    case 'card.status_changed':
    case 'card.replaced':
      if (notification.status) {
        client.emit('card:status', {
          signNo,
          status: notification.status,
          replaced: notification.type === 'card.replaced',
        });
      }
      break;
    case 'password.changed':
      client.emit('password:changed', { signNo, via: 'change', origin: 'other-channel' });
      break;
    case 'password.reset':
      client.emit('password:changed', { signNo, via: 'reset', origin: 'other-channel' });
      break;
    case 'password.locked':
      client.emit('password:locked', { signNo });
      break;
    case 'payment.enabled':
      client.emit('payment:enabled', { signNo, origin: 'other-channel' });
      break;
    case 'payment.succeeded':
    case 'payment.refunded': {
      const { payment } = notification;
      if (payment)
        client.emit(notification.type.replace('.', ':') as 'payment:succeeded', {
          signNo,
          payment,
        });
      break;
    }
    case 'bill.paid':
      if (notification.bill) client.emit('bill:paid', { signNo, bill: notification.bill });
      break;
    case 'application.updated':
      if (notification.application) {
        client.emit('application:updated', { signNo, application: notification.application });
      }
      break;
    case 'member.status_changed':
      if (notification.memberId && notification.status) {
        client.emit('member:status', {
          signNo,
          memberId: notification.memberId,
          status: notification.status,
        });
      }
      break;
    case 'certification.completed':
      if (notification.certification) {
        client.emit('certification:completed', {
          signNo,
          ...(notification.memberId ? { memberId: notification.memberId } : {}),
          certification: notification.certification,
        });
      }
      break;
    case 'benefit.paid':
    case 'benefit.suspended':
      if (notification.benefitPayment) {
        client.emit(notification.type.replace('.', ':') as 'benefit:paid', {
          signNo,
          ...(notification.memberId ? { memberId: notification.memberId } : {}),
          benefitPayment: notification.benefitPayment,
        });
      }
      break;
    default:
      break;
  }
}
