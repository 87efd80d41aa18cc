/**
 * The card page's one script (served as `/hosted/assets/card.js`; the page works without it):
 * counts down the code's seconds and, when an identity code runs out, asks for a new one by
 * submitting the page's own "new identity code" form. A payment code is not renewed without
 * the citizen (it needs the password again, R15): the expired code is greyed out, said in a
 * status region, and the password field focused. The countdown itself is hidden from screen
 * readers (it would speak every second); the code's end time is in the page as text.
 *
 * @internal
 */
export const HOSTED_CARD_JS = `(function () {
  'use strict';
  function start() {
    var valid = document.getElementById('qr-valid');
    var qr = document.getElementById('qr');
    if (!valid || !qr) return;
    var left = Number(valid.getAttribute('data-seconds-left'));
    if (!(left >= 0)) return;
    var end = Date.now() + left * 1000;
    var out = document.getElementById('qr-countdown');
    function tick() {
      var seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (out) out.textContent = '(' + seconds + ' 秒 s)';
      if (seconds > 0) {
        setTimeout(tick, Math.min(1000, end - Date.now()));
        return;
      }
      if (qr.getAttribute('data-purpose') === 'identity') {
        var form = document.getElementById('identity-form');
        if (form) form.submit();
        return;
      }
      qr.classList.add('expired');
      var expired = document.getElementById('qr-expired');
      if (expired) expired.hidden = false;
      var password = document.getElementById('f-password');
      if (password) password.focus();
    }
    tick();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
