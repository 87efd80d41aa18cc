/**
 * What the mini-program examples' tests share:
 *
 * - `buildMiniProgram`: the example project as its runtime sees it — every `.ts` file
 *   compiled on its own to CommonJS (the mini-program module system: one `utils/essc.js`
 *   shared by all pages), `essc-sdk` and its subpaths `miniprogram`, `render`, `i18n` and
 *   `regions` each bundled on its own
 *   from the sources like the package's mini-program build, and `utils/config.js` pointing at
 *   the test's channel backend.
 * - `createFakeWx` / `createFakeMy`: the `wx` / `my` globals, whose `request` goes to the
 *   real channel backend over loopback and refuses any other origin (the request-domain
 *   allowlist: a mini-program never talks to the platform).
 * - `openWxPage`: a page of the WeChat example rendered by miniprogram-simulate (j-component
 *   on jsdom), with the page lifecycle the WeChat runtime would call.
 *
 * miniprogram-simulate and j-component are loaded with `require`, untyped: their typings pull
 * in miniprogram-api-typings, whose globals (console, timers, require) clash with Node's.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The SDK entry points a mini-program imports, bundled as `dist/miniprogram/*.js` is. */
const SDK_ENTRIES = {
  index: 'src/index.ts',
  miniprogram: 'src/miniprogram/index.ts',
  render: 'src/render/index.ts',
  i18n: 'src/i18n/index.ts',
  regions: 'src/regions/index.ts',
  offline: 'src/offline/index.ts',
};

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Compiles the example at `examples/<name>` into a fresh temporary directory; returns it.
 * The page templates, styles and JSON are copied as they are.
 */
export function buildMiniProgram(name: string, options: { backendUrl: string }): string {
  const project = join(ROOT, 'examples', name);
  const out = mkdtempSync(join(tmpdir(), `essc-${name}-`));
  const sources = filesOf(project);
  for (const file of sources) {
    if (file.endsWith('.ts') || /(?:^|[/\\])(?:tsconfig|package)\.json$/.test(file)) continue;
    if (file.endsWith('.md')) continue;
    const target = join(out, relative(project, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  buildSync({
    entryPoints: sources.filter((file) => file.endsWith('.ts')),
    outdir: out,
    outbase: project,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2020',
    logLevel: 'silent',
  });
  // The test's backend instead of the developer's.
  writeFileSync(
    join(out, 'utils', 'config.js'),
    `"use strict";\nexports.BACKEND_URL = ${JSON.stringify(options.backendUrl)};\n`,
  );
  const sdk = join(out, 'node_modules', 'essc-sdk');
  mkdirSync(sdk, { recursive: true });
  writeFileSync(join(sdk, 'package.json'), '{ "name": "essc-sdk", "main": "index.js" }\n');
  for (const [entry, source] of Object.entries(SDK_ENTRIES)) {
    buildSync({
      entryPoints: [join(ROOT, source)],
      outfile: join(sdk, `${entry}.js`),
      bundle: true,
      format: 'cjs',
      // Like the package's mini-program build: a Node built-in in the core fails here.
      platform: 'browser',
      target: 'es2020',
      logLevel: 'silent',
    });
  }
  return out;
}

export function removeBuild(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** One request a fake runtime sent, and what came back. */
export interface Exchange {
  url: string;
  method: string;
  requestBody: string | undefined;
  status: number;
  responseBody: string;
}

interface NativeRequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  dataType?: string;
  success?: (result: Record<string, unknown>) => void;
  fail?: (error: Record<string, unknown>) => void;
  complete?: (result: Record<string, unknown>) => void;
}

/**
 * `request` on loopback HTTP, with the runtime's shapes. Only `allowedOrigin` may be called:
 * anything else fails as a domain missing from the allowlist does.
 */
function nativeRequest(
  allowedOrigin: string,
  exchanges: Exchange[],
  options: NativeRequestOptions,
  headers: Record<string, string>,
  shape: {
    ok: (status: number, header: Record<string, string>, data: unknown) => Record<string, unknown>;
    failure: (message: string) => Record<string, unknown>;
  },
) {
  const controller = new AbortController();
  const fail = (message: string) => {
    const error = shape.failure(message);
    options.fail?.(error);
    options.complete?.(error);
  };
  if (new URL(options.url).origin !== allowedOrigin) {
    queueMicrotask(() => fail('url not in domain list'));
    return { abort: () => controller.abort() };
  }
  const method = (options.method ?? 'GET').toUpperCase();
  const body =
    method === 'GET' || options.data === undefined
      ? undefined
      : typeof options.data === 'string'
        ? options.data
        : JSON.stringify(options.data);
  fetch(options.url, { method, headers, ...(body ? { body } : {}), signal: controller.signal })
    .then(async (response) => {
      const text = await response.text();
      exchanges.push({
        url: options.url,
        method,
        requestBody: body,
        status: response.status,
        responseBody: text,
      });
      let data: unknown = text;
      if ((options.dataType ?? 'json') === 'json') {
        try {
          data = JSON.parse(text);
        } catch {
          // Left as text, as the runtimes do.
        }
      }
      const result = shape.ok(response.status, Object.fromEntries(response.headers), data);
      options.success?.(result);
      options.complete?.(result);
    })
    .catch((error: unknown) => {
      fail(controller.signal.aborted ? 'abort' : String((error as Error)?.message ?? error));
    });
  return { abort: () => controller.abort() };
}

/** The parts of a runtime both fakes share: storage, navigation, dialogs, the scanner. */
function runtimeBase() {
  const storage = new Map<string, unknown>();
  return {
    storage,
    /** The URLs navigated to, in order (`navigateTo`, `redirectTo`, `reLaunch`). */
    navigations: [] as string[],
    toasts: [] as string[],
    /** What the next dialogs answer: `true` confirms (the default when empty). */
    modalAnswers: [] as boolean[],
    modals: [] as string[],
    /** What the next scans read. */
    scans: [] as string[],
    exchanges: [] as Exchange[],
  };
}

/**
 * A fake `wx`: `request` to the channel backend over loopback, storage in memory, dialogs
 * answered from `modalAnswers`, `scanCode` reading from `scans`.
 */
export function createFakeWx(options: { backendUrl: string }) {
  const base = runtimeBase();
  const origin = new URL(options.backendUrl).origin;
  const navigate = (o: { url: string; success?: () => void }) => {
    base.navigations.push(o.url);
    o.success?.();
  };
  return {
    ...base,
    request(o: NativeRequestOptions & { header?: Record<string, string> }) {
      return nativeRequest(origin, base.exchanges, o, o.header ?? {}, {
        ok: (statusCode, header, data) => ({ statusCode, header, data, errMsg: 'request:ok' }),
        failure: (message) => ({ errMsg: `request:fail ${message}` }),
      });
    },
    getStorageSync: (key: string) => base.storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => {
      base.storage.set(key, value);
    },
    removeStorageSync: (key: string) => {
      base.storage.delete(key);
    },
    navigateTo: navigate,
    redirectTo: navigate,
    reLaunch: navigate,
    navigateBack: () => undefined,
    showToast: (o: { title: string }) => {
      base.toasts.push(o.title);
    },
    showLoading: () => undefined,
    hideLoading: () => undefined,
    showModal(o: {
      content?: string;
      success?: (r: { confirm: boolean; cancel: boolean }) => void;
    }) {
      base.modals.push(o.content ?? '');
      const confirm = base.modalAnswers.shift() ?? true;
      queueMicrotask(() => o.success?.({ confirm, cancel: !confirm }));
    },
    scanCode(o: {
      success?: (r: { result: string; scanType: string }) => void;
      fail?: (e: { errMsg: string }) => void;
    }) {
      const result = base.scans.shift();
      queueMicrotask(() =>
        result === undefined
          ? o.fail?.({ errMsg: 'scanCode:fail cancel' })
          : o.success?.({ result, scanType: 'QR_CODE' }),
      );
    },
  };
}

export type FakeWx = ReturnType<typeof createFakeWx>;

/**
 * A fake `my` (Alipay): `request` with Alipay's names (`headers`, `status`; an HTTP error
 * status goes to `fail` with error 19 and the answer, as Alipay does), storage with Alipay's
 * `{ key, data }` arguments, `confirm` dialogs and `scan`.
 */
export function createFakeMy(options: { backendUrl: string }) {
  const base = runtimeBase();
  const origin = new URL(options.backendUrl).origin;
  const navigate = (o: { url: string }) => {
    base.navigations.push(o.url);
  };
  return {
    ...base,
    request(o: NativeRequestOptions & { headers?: Record<string, string> }) {
      const success = o.success;
      return nativeRequest(
        origin,
        base.exchanges,
        {
          ...o,
          success: (result) => {
            const status = result.status as number;
            if (status >= 200 && status < 300) success?.(result);
            else o.fail?.({ ...result, error: 19, errorMessage: 'http status error' });
          },
        },
        o.headers ?? {},
        {
          ok: (status, headers, data) => ({ status, headers, data }),
          failure: (message) => ({
            error: message === 'url not in domain list' ? 11 : 12,
            errorMessage: message,
          }),
        },
      );
    },
    getStorageSync: ({ key }: { key: string }) => ({ data: base.storage.get(key) ?? null }),
    setStorageSync: ({ key, data }: { key: string; data: unknown }) => {
      base.storage.set(key, data);
    },
    removeStorageSync: ({ key }: { key: string }) => {
      base.storage.delete(key);
    },
    navigateTo: navigate,
    redirectTo: navigate,
    reLaunch: navigate,
    showToast: (o: { content?: string }) => {
      base.toasts.push(o.content ?? '');
    },
    confirm(o: { content?: string; success?: (r: { confirm: boolean }) => void }) {
      base.modals.push(o.content ?? '');
      const confirm = base.modalAnswers.shift() ?? true;
      queueMicrotask(() => o.success?.({ confirm }));
    },
    scan(o: {
      success?: (r: { code: string; qrCode: string }) => void;
      fail?: (e: { error: number; errorMessage: string }) => void;
    }) {
      const code = base.scans.shift();
      queueMicrotask(() =>
        code === undefined
          ? o.fail?.({ error: 10, errorMessage: '用户取消' })
          : o.success?.({ code, qrCode: code }),
      );
    },
  };
}

export type FakeMy = ReturnType<typeof createFakeMy>;

/** The part of a j-component node the tests use. */
export interface SimulatedNode {
  readonly dom: HTMLElement;
  readonly data: Record<string, unknown>;
  readonly instance: Record<string, (...args: unknown[]) => unknown>;
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  querySelector(selector: string): SimulatedNode | undefined;
  attach(parent: unknown): void;
  detach(): void;
}

interface Simulate {
  load(path: string, options: { compiler: 'simulate'; rootPath: string }): string;
  render(id: string): SimulatedNode;
}

let simulate: Simulate | undefined;

/**
 * The globals j-component needs from a browser, from jsdom — only these, so the sandbox and
 * the backend in the same process keep Node's own `fetch`, `Request` and crypto.
 */
function installDom(): void {
  if (simulate) return;
  const { JSDOM } = require('jsdom') as {
    JSDOM: new (html: string) => { window: Record<string, unknown> & { document: unknown } };
  };
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>');
  const globals = globalThis as Record<string, unknown>;
  globals.window = window;
  globals.document = window.document;
  // j-component dispatches these into jsdom's tree: they must be jsdom's, not Node's.
  for (const name of ['CustomEvent', 'Event', 'TouchEvent', 'Touch']) {
    if (window[name] !== undefined) globals[name] = window[name];
  }
  simulate = require('miniprogram-simulate') as Simulate;
}

/** A page of the WeChat example: its root node, and its lifecycle as the runtime calls it. */
export interface WxPage {
  root: SimulatedNode;
  /** The text of the first node matching `selector` (`''` when there is none). */
  text(selector: string): string;
  /** Whether a node matches `selector` (`wx:if` rendered it). */
  has(selector: string): boolean;
  input(selector: string, value: string): void;
  tap(selector: string): void;
  show(): Promise<void>;
  hide(): void;
  unload(): void;
}

/**
 * Renders `pages/<name>/index` of a build with miniprogram-simulate, and calls `onLoad` and
 * `onShow` as WeChat does when the page opens. Pages are built with `Component()` (a page
 * constructor WeChat supports), which is what miniprogram-simulate loads.
 */
export function openWxPage(
  build: string,
  name: string,
  query: Record<string, string> = {},
): WxPage {
  installDom();
  const id = simulate!.load(join(build, 'pages', name, 'index'), {
    compiler: 'simulate',
    rootPath: build,
  });
  const root = simulate!.render(id);
  root.attach((globalThis as unknown as { document: Document }).document.createElement('page'));
  const node = (selector: string) => root.querySelector(selector);
  const call = (method: string, ...args: unknown[]) => root.instance[method]?.(...args);
  call('onLoad', query);
  const shown = call('onShow');
  const page: WxPage = {
    root,
    text: (selector) => node(selector)?.dom.textContent?.trim() ?? '',
    has: (selector) => node(selector) !== undefined,
    input: (selector, value) => {
      const target = node(selector);
      if (!target) throw new Error(`no ${selector} on ${name}`);
      target.dispatchEvent('input', { detail: { value } });
    },
    tap: (selector) => {
      const target = node(selector);
      if (!target) throw new Error(`no ${selector} on ${name}`);
      target.dispatchEvent('tap');
    },
    show: async () => {
      await call('onShow');
    },
    hide: () => {
      call('onHide');
    },
    unload: () => {
      call('onUnload');
      root.detach();
    },
  };
  void Promise.resolve(shown).catch(() => undefined);
  return page;
}

/** A page of the Alipay example: its `Page()` options with `this` as Alipay makes it. */
export type MyPage = Record<string, (...args: never[]) => unknown> & {
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>): void;
};

/**
 * Loads `pages/<name>/index.js` of an Alipay build with a `Page` global that keeps the
 * options, and returns them as an instance: `data` copied, `setData` merging into it. No
 * template is rendered (there is no Alipay simulator for Node): the handlers are called as the
 * runtime would call them, and `templateHandlers` checks the template names only handlers
 * that exist.
 */
export function openMyPage(
  build: string,
  name: string,
  query: Record<string, string> = {},
): MyPage & { loaded: Promise<unknown> } {
  const file = join(build, 'pages', name, 'index.js');
  const globals = globalThis as Record<string, unknown>;
  let options: Record<string, unknown> | undefined;
  globals.Page = (o: Record<string, unknown>) => {
    options = o;
  };
  try {
    delete require.cache[require.resolve(file)];
    require(file);
  } finally {
    delete globals.Page;
  }
  if (!options) throw new Error(`${name} did not call Page()`);
  const page = {
    ...options,
    data: structuredClone(options.data ?? {}),
    setData(patch: Record<string, unknown>) {
      Object.assign(this.data, patch);
    },
  } as MyPage;
  const call = (method: string, ...args: unknown[]) =>
    (page[method] as ((...a: unknown[]) => unknown) | undefined)?.call(page, ...args);
  call('onLoad', query);
  const loaded = Promise.resolve(call('onShow'));
  return Object.assign(page, { loaded });
}

/** The handler names a page template binds (`onTap="…"`, `onInput="…"`). */
export function templateHandlers(build: string, name: string, extension: string): string[] {
  const template = readFileSync(join(build, 'pages', name, `index.${extension}`), 'utf8');
  return [...template.matchAll(/\s(?:on[A-Z]\w*|bind\w+|catch\w+)="(\w+)"/g)].map((m) => m[1]!);
}

/** A module of a build, from the same module cache its pages use (Node's `require`). */
export function requireBuilt<T>(build: string, path: string): T {
  return require(join(build, path)) as T;
}

/** The web-view JS-SDK each runtime's H5 pages load. */
const WEB_VIEW_SDK = {
  wechat: 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js',
  alipay: 'https://appx/web-view.min.js',
} as const;

/**
 * A `web-view` of the mini-program arriving at `url` (where the platform's hosted page sent it):
 * loads the page over loopback as the web-view would, checks that its external scripts are
 * the runtime's web-view JS-SDK and nothing else, and runs its inline scripts with that SDK's
 * API — WeChat's `wx.miniProgram`, Alipay's `my` — whose `navigateTo`, `redirectTo` and
 * `reLaunch` go to the runtime's `navigations`, as leaving the web-view for a page does.
 */
export async function arriveInWebView(
  url: string,
  runtime: { navigations: string[] },
  app: keyof typeof WEB_VIEW_SDK,
): Promise<string> {
  const response = await fetch(url);
  const html = await response.text();
  if (!response.ok) throw new Error(`the web-view page answered ${response.status}`);
  const sdk = WEB_VIEW_SDK[app];
  for (const [, src] of html.matchAll(/<script\s[^>]*src="([^"]*)"/g)) {
    if (src !== sdk) throw new Error(`a web-view page of ${app} cannot load ${src}`);
  }
  const navigate = (o: { url: string }) => {
    runtime.navigations.push(o.url);
  };
  const api = {
    navigateTo: navigate,
    redirectTo: navigate,
    reLaunch: navigate,
    navigateBack: () => undefined,
    postMessage: () => undefined,
  };
  const { runInNewContext } = require('node:vm') as typeof import('node:vm');
  const context = app === 'wechat' ? { wx: { miniProgram: api } } : { my: api };
  for (const [, code] of html.matchAll(/<script(?:\s[^>]*)?>([^<]+)<\/script>/g)) {
    runInNewContext(code!, context);
  }
  return html;
}
