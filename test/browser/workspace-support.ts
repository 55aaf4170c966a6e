import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './axe';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * How a journey is driven: with the mouse (JavaScript on), with the keyboard only (Tab to each
 * control, type, Space or Enter), or with JavaScript off in the browser.
 */
export type Mode = 'mouse' | 'keyboard' | 'no-js';
export const MODES: Mode[] = ['mouse', 'keyboard', 'no-js'];

// Browser globals, used only inside page.evaluate callbacks.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

/** Presses Tab until the control matching `selector` has the focus (fails after `max` presses). */
export async function tabTo(page: Page, selector: string, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((s: string) => {
      const el = document.activeElement;
      return Boolean(el && el.matches(s));
    }, selector);
    if (focused) return;
  }
  throw new Error(`could not reach ${selector} with the Tab key`);
}

/** A driver that fills, picks and clicks in the journey's mode. */
export function driver(page: Page, mode: Mode) {
  const keyboard = mode === 'keyboard';
  return {
    async fill(selector: string, value: string) {
      if (!keyboard) return page.locator(selector).fill(value);
      await tabTo(page, selector);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    },
    async check(selector: string) {
      if (!keyboard) return page.locator(selector).check();
      await tabTo(page, `input[type=radio][name="${await page.locator(selector).getAttribute('name')}"]`);
      // Arrow keys move through a radio group; Space selects the focused one.
      for (let i = 0; i < 10 && !(await page.locator(selector).evaluate((el: any) => el === document.activeElement)); i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
    },
    async select(selector: string, label: string) {
      if (!keyboard) return void (await page.locator(selector).selectOption({ label }));
      await tabTo(page, selector);
      // A focused, closed select picks the option whose text is typed.
      await page.keyboard.type(label);
      const chosen = await page.locator(selector).evaluate((el: any) => el.options[el.selectedIndex].text);
      if (chosen !== label) throw new Error(`typing "${label}" chose "${chosen}"`);
    },
    /** Follows a link or submits a form: waits for the next page to load (and to be at `waitFor`). */
    async click(selector: string, waitFor?: string | RegExp) {
      const loaded = page.waitForEvent('load');
      const go = keyboard ? tabTo(page, selector).then(() => page.keyboard.press('Enter')) : page.locator(selector).click();
      await Promise.all([loaded, go]);
      if (waitFor) await page.waitForURL(waitFor);
    },
  };
}

export async function newPage(browser: Browser, mode: Mode, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, javaScriptEnabled: mode !== 'no-js' });
  return context.newPage();
}

/**
 * axe finds nothing on the page. axe runs in the page, which a browser with JavaScript off will not
 * do; those pages are the same server-rendered HTML the other modes check (nothing is added by script).
 */
export async function expectAccessible(page: Page, mode: Mode = 'mouse'): Promise<void> {
  if (mode === 'no-js') return;
  expect(await axeViolations(page)).toEqual([]);
}
