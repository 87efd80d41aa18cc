/**
 * Where the channel backend is (examples/channel-backend, started with `--channel alipay`).
 *
 * Local development: run `npx tsx examples/channel-backend/main.ts --channel alipay`, and in
 * the Alipay mini-program studio turn off the domain check (详情 → 忽略 http 请求域名合法性检查).
 * Release: an `https:` domain of yours, added to the request allowlist (服务器域名白名单) in
 * the Alipay open-platform console.
 */
export const BACKEND_URL = 'http://127.0.0.1:8788';
