/**
 * `table[key]` when the table has that key of its own (not `constructor` from the prototype):
 * a status or a reason that crossed a wire, or a string from an older server, is not trusted
 * to be one of the table's keys.
 *
 * @internal
 */
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; older WeChat iOS runtimes lack it.
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key)
    ? table[key]
    : undefined;
}
