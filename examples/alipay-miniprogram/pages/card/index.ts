/**
 * My card (我的电子社保卡): the masked card, its status, and the dynamic QR code. The code is
 * single-use and short-lived; the refresher issues the next one before it expires while the
 * page is shown, and stops when the page is hidden (no code is issued for nobody to see).
 */
import { createQrRefresher, type ECard, isEsscError, type QrRefresher } from 'essc-sdk';
import { cardStatusName, levelName, lossReporterName } from 'essc-sdk/i18n';
import { essc, forgetSignNo, mySignNo, offlineCodes } from '../../utils/essc';
import { messageOf } from '../../utils/messages';
import { qrImage } from '../../utils/qr-image';

let refresher: QrRefresher | undefined;

function stopQr(): void {
  refresher?.stop();
  refresher?.removeAllListeners();
  refresher = undefined;
}

function shownCard(card: ECard) {
  return {
    signNo: card.signNo,
    name: card.name,
    idNumber: card.idNumber,
    cardNo: card.cardNo,
    statusText: card.status === 'lost' ? '已挂失' : cardStatusName(card.status),
    /** Who reported the loss (R43): 持卡人在线挂失 can be withdrawn in 挂失 / 解挂. */
    lossText: card.lossReportedBy ? lossReporterName(card.lossReportedBy) : '',
    levelText: levelName(card.level),
    active: card.status === 'active',
  };
}

Page({
  data: {
    loading: true,
    card: null as ReturnType<typeof shownCard> | null,
    qrSrc: '',
    /** The code on screen was made on the phone with no network (离线码). */
    qrOffline: false,
    /** Until when offline codes can be made here, once enabled. */
    offlineUntil: '',
    offlinePassword: '',
    error: '',
  },
  async onShow() {
    this.setData({ error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) {
        my.redirectTo({ url: '/pages/apply/index' });
        return;
      }
      const card = await essc().getCard({ signNo });
      this.setData({ loading: false, card: shownCard(card) });
      if (card.status === 'active') await this.startQr(signNo);
    } catch (error) {
      if (isEsscError(error, 'NOT_BOUND')) {
        // Unbound elsewhere (another device, the platform after a card replacement).
        forgetSignNo();
        my.redirectTo({ url: '/pages/apply/index' });
        return;
      }
      this.setData({ loading: false, error: messageOf(error) });
    }
  },
  onHide() {
    stopQr();
    this.setData({ qrSrc: '' });
  },
  onUnload() {
    stopQr();
  },
  async startQr(signNo: string) {
    stopQr();
    const qr = createQrRefresher(essc(), {
      signNo,
      // No signal (a hospital basement): an offline code, if one was enabled below.
      offline: offlineCodes(),
      onError: ({ error, retrying }) => {
        if (!retrying) this.setData({ qrSrc: '', error: messageOf(error) });
      },
    });
    qr.on('qr:refreshed', (event) =>
      this.setData({ qrSrc: qrImage(event.qr.text), qrOffline: event.offline === true, error: '' }),
    );
    refresher = qr;
    // The first code; a failure is shown by onError and stops the refresher.
    await qr.start().catch(() => undefined);
  },
  onOfflinePassword(event: { detail: { value: string } }) {
    this.setData({ offlinePassword: event.detail.value });
  },
  /** 开启离线码: the platform certifies a key made on this phone, for 7 days (R39). */
  async onEnableOffline() {
    const signNo = this.data.card?.signNo;
    if (!signNo) return;
    try {
      const credential = await offlineCodes().provision({
        signNo,
        verification: { password: this.data.offlinePassword },
      });
      this.setData({ offlinePassword: '', offlineUntil: credential.notAfter.slice(0, 10) });
    } catch (error) {
      this.setData({ offlinePassword: '', error: messageOf(error) });
    }
  },
  async onRefreshQr() {
    const signNo = this.data.card?.signNo;
    if (signNo) await this.startQr(signNo);
  },
  /** The payment code and bills of an active card, and the history (readable in any status). */
  goPage(event: { target: { dataset: { page?: string } } }) {
    my.navigateTo({ url: `/pages/${event.target.dataset.page}/index` });
  },
  goScanLogin() {
    my.navigateTo({ url: '/pages/scan-login/index' });
  },
  goPassword() {
    my.navigateTo({ url: '/pages/password/index' });
  },
  goUnbind() {
    my.navigateTo({ url: '/pages/unbind/index' });
  },
});
