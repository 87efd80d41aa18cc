/**
 * Where the channel backend is (examples/channel-backend).
 *
 * Local development: run `npx tsx examples/channel-backend/main.ts`, and in WeChat DevTools
 * tick 详情 → 本地设置 → 不校验合法域名 (a phone on the LAN needs the machine's address and
 * `allowHttp` in utils/essc.ts). Release: an `https:` domain of yours, added to 开发管理 →
 * 服务器域名 → request 合法域名.
 */
export const BACKEND_URL = 'http://127.0.0.1:8788';
