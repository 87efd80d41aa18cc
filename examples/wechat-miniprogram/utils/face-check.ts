/**
 * THE FACE CHECK IS A STUB.
 *
 * Applying, resetting the password and some confirmations need a real-person proof
 * (实人认证): the token a passed face check returns, bound to one ID number, short-lived and
 * single-use. A real mini-program runs the platform's face check here (through WeChat's
 * `wx.startFacialRecognitionVerify` or the platform's own face-check plug-in) and receives the
 * proof from it. This demo asks the channel backend's `POST /demo/face-check`, which has the
 * sandbox mint one: no face is looked at.
 */
import type { RealPersonProof } from 'essc-sdk';
import { callBackend } from './backend';
import { session } from './session';

export async function faceCheck(idNumber: string): Promise<RealPersonProof> {
  const { token } = await session();
  const { realPerson } = await callBackend<{ realPerson: string }>('POST', '/demo/face-check', {
    token,
    body: { idNumber },
  });
  return realPerson;
}
