/**
 * Masking of personal data for display and logs. The functions are total: whatever string
 * they get (empty, short, malformed), they return a masked string of the same length in code
 * points and never throw, because they run in error paths and log formatters where a throw
 * would hide the original problem.
 */

const MIDDLE_DOT = '·';

/**
 * Keeps `head` leading and `tail` trailing code points and replaces the rest with `*`. When
 * that would leave less than a third of the value hidden (short or truncated input), both
 * kept parts shrink to an equal share of the remaining two thirds instead.
 */
function maskMiddle(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  const maxVisible = chars.length - Math.ceil(chars.length / 3);
  let keepHead = head;
  let keepTail = tail;
  if (head + tail > maxVisible) {
    keepHead = Math.min(head, Math.floor(maxVisible / 2));
    keepTail = Math.min(tail, Math.floor(maxVisible / 2));
  }
  const hidden = chars.length - keepHead - keepTail;
  return (
    chars.slice(0, keepHead).join('') +
    '*'.repeat(hidden) +
    chars.slice(chars.length - keepTail).join('')
  );
}

/**
 * Masks a person's name: two characters keep the first (`张*`); longer names keep the first
 * and the last and mask each one between (`张*丰`). The middle dot `·` of minority names is
 * left visible so the shape of the name stays recognisable (`买**·*力`). A one-character
 * value is masked entirely, since showing it would show all of it.
 *
 * @example
 * ```ts
 * maskName('张三'); // '张*'
 * maskName('欧阳娜娜'); // '欧**娜'
 * maskName('买买提·艾力'); // '买**·*力'
 * ```
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  if (chars.length === 2) return `${chars[0]}*`;
  const last = chars.length - 1;
  return chars.map((c, i) => (i === 0 || i === last || c === MIDDLE_DOT ? c : '*')).join('');
}

/**
 * Masks an ID number: the first six characters (the region) and the last four stay, the
 * eight in between (the birth date and most of the sequence) become `*`. Input of another
 * length keeps the same pattern (a 15-digit legacy number shows 6 + 4 too), shrunk when
 * needed so that at least a third is hidden.
 *
 * @example
 * ```ts
 * maskIdNumber('440106199001011231'); // '440106********1231'
 * ```
 */
export function maskIdNumber(idNumber: string): string {
  return maskMiddle(idNumber, 6, 4);
}

/**
 * Masks a physical card number: the first two and the last two characters stay, the rest
 * become `*`, length preserved; very short input shows less, so that at least a third is
 * hidden.
 *
 * @example
 * ```ts
 * maskCardNo('A12345678'); // 'A1*****78'
 * ```
 */
export function maskCardNo(cardNo: string): string {
  return maskMiddle(cardNo, 2, 2);
}
