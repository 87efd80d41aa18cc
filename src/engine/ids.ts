const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Base32 without look-alikes (no I, O, 0, 1): sign numbers and login codes are read aloud and
 * typed by people. Five bits of each byte, so `n` random bytes give `n` random characters.
 */
export function toBase32(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => BASE32[b & 31]).join('');
}
