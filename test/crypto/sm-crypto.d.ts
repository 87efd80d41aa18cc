/** The few functions of the independent SM2 implementation (devDependency) the tests call. */
declare module 'sm-crypto' {
  interface Sm2 {
    generateKeyPairHex(): { publicKey: string; privateKey: string };
    doSignature(
      msg: string | number[],
      privateKey: string,
      options?: { hash?: boolean; userId?: string; der?: boolean },
    ): string;
    doVerifySignature(
      msg: string | number[],
      sig: string,
      publicKey: string,
      options?: { hash?: boolean; userId?: string; der?: boolean },
    ): boolean;
    doEncrypt(msg: string | number[], publicKey: string, cipherMode?: number): string;
    doDecrypt(
      data: string,
      privateKey: string,
      cipherMode?: number,
      options?: { output: 'array' },
    ): number[];
  }
  const smCrypto: { sm2: Sm2; sm3(msg: string | number[]): string };
  export default smCrypto;
}
