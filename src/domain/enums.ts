/**
 * The domain's enumerations, each written once as a `const` array: the TypeScript types in
 * `types.ts` and the zod schemas (`domain/schemas.ts`, `wire/schemas.ts`, hence the OpenAPI
 * document) are derived from these, so a new status or notification type is one edit here.
 */

/**
 * The statuses of a physical card (R2), in the order the docs list them.
 *
 * @example
 * ```ts
 * PHYSICAL_CARD_STATUSES.includes('lost'); // true
 * ```
 */
export const PHYSICAL_CARD_STATUSES = ['normal', 'sealed', 'lost', 'locked', 'cancelled'] as const;

/**
 * The statuses of an e-card: the physical card's, `normal` shown as `active` (R3).
 *
 * @example
 * ```ts
 * const inactive = E_CARD_STATUSES.filter((s) => s !== 'active');
 * ```
 */
export const E_CARD_STATUSES = ['active', 'sealed', 'lost', 'locked', 'cancelled'] as const;

/**
 * The purposes of a dynamic QR code (R15).
 *
 * @example
 * ```ts
 * QR_PURPOSES; // ['identity', 'payment']
 * ```
 */
export const QR_PURPOSES = ['identity', 'payment'] as const;

/**
 * The states of a scan-to-login session (R17), from first to final.
 *
 * @example
 * ```ts
 * const final = LOGIN_STATES.slice(2); // confirmed, rejected, expired
 * ```
 */
export const LOGIN_STATES = ['pending', 'scanned', 'confirmed', 'rejected', 'expired'] as const;

/**
 * The claims a confirmed login can release to a portal (R30, 个人授权访问), in the order the
 * user is shown them. `signNo` is released only to a portal registered with it that asks for
 * it; a registration or a session that names no scopes means the first four.
 *
 * @example
 * ```ts
 * LOGIN_SCOPES.includes('signNo'); // true
 * ```
 */
export const LOGIN_SCOPES = ['name', 'idNumber', 'regionCode', 'level', 'signNo'] as const;

/**
 * The notification types the platform sends to channels (R13, R19).
 *
 * @example
 * ```ts
 * for (const type of NOTIFICATION_TYPES) metrics.declare(`essc.notification.${type}`);
 * ```
 */
export const NOTIFICATION_TYPES = [
  'card.status_changed',
  'card.replaced',
  'binding.removed',
  'password.changed',
  'password.reset',
  'password.locked',
  'payment.enabled',
  'login.confirmed',
  'payment.succeeded',
  'payment.refunded',
  'bill.paid',
  'application.updated',
  'member.status_changed',
  'certification.completed',
  'hosted.completed',
  'benefit.paid',
  'benefit.suspended',
] as const;

/**
 * How a family member is related to the holder (the member is the holder's `parent`, …).
 *
 * @example
 * ```ts
 * FAMILY_RELATIONS.includes('parent'); // true
 * ```
 */
export const FAMILY_RELATIONS = ['parent', 'child', 'spouse', 'other'] as const;
