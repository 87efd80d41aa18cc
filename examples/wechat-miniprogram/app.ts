/**
 * The e-card mini-program of the channel `wechat`. It holds no key: every e-card call goes to
 * the channel backend's relay (utils/essc.ts), which signs it with the channel key.
 */
App({
  onLaunch() {
    // Nothing to prepare: the client and the session are made on first use.
  },
});
