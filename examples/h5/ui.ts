/**
 * Small DOM helpers shared by the demo pages. Everything the user or the network supplies is
 * written with `textContent`, never as HTML; the only HTML the pages insert is the SVG that
 * `renderQrSvg` draws.
 */
import { isEsscError } from 'essc-sdk';
import { userMessage } from 'essc-sdk/i18n';
import type { H5Config } from './serve.js';

/** The element with this id, or a clear failure if the page lacks it. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** The page's configuration, from the static server's `/config.json`. */
export async function loadConfig(): Promise<H5Config> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as H5Config;
}

/**
 * One line for an error: for the SDK's, the citizen's sentence (`userMessage`: what happened
 * and what to do, in Chinese); for anything else, its message. The code goes to the console,
 * for whoever debugs the page.
 */
export function describeError(error: unknown): string {
  if (isEsscError(error)) {
    console.warn(`[essc] ${error.code}${error.requestId ? ` ${error.requestId}` : ''}`);
    return userMessage(error);
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs a form's action with its buttons disabled; shows a failure in `#message`. */
export function onSubmit(form: HTMLFormElement, action: (data: FormData) => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, () => action(new FormData(form)));
  });
}

/** Disables the form's buttons while `action` runs; shows a failure in `#message`. */
export async function busy(form: HTMLFormElement, action: () => Promise<void>): Promise<void> {
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  showMessage('');
  try {
    await action();
  } catch (error) {
    showMessage(describeError(error));
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** Shows (or, with `''`, clears) the page's message line. */
export function showMessage(text: string): void {
  const message = document.getElementById('message');
  if (message) message.textContent = text;
}

/** A form field's text ('' when absent). */
export function field(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
