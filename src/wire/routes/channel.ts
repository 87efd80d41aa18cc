/**
 * The channel route that is not an operation of the table: the notification feed a channel
 * long-polls (R13). The operations' own routes are derived in `./operations.ts`; `../routes.ts`
 * assembles both into `PLATFORM_ROUTES`.
 *
 * @internal
 */
import {
  noParamsSchema,
  pollNotificationsRequestSchema,
  pollNotificationsResponseSchema,
} from '../schemas.js';
import { route } from './route.js';

/**
 * The notification feed of a channel app (R13).
 */
export const CHANNEL_ROUTES = {
  pollNotifications: route({
    method: 'POST',
    path: '/v1/notifications/poll',
    auth: 'channel',
    mutating: false,
    params: noParamsSchema,
    body: pollNotificationsRequestSchema,
    response: pollNotificationsResponseSchema,
    summary:
      "Long-poll this channel's notifications (R13): status changes, replacements, password and payment changes made elsewhere. At least once; deduplicate by id.",
    tag: 'channel',
  }),
} as const;
