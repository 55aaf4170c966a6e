import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { Problem } from '@app/platform';
import { boardFrontendCss } from '../board-http';

/** Debian's Chromium (the one the browser tests drive); CHROMIUM_PATH points elsewhere. */
export const PDF_CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
/** Printing is heavy: at most this many at once per api process; the rest wait their turn. */
const AT_ONCE = 2;

/**
 * Prints the board pack to PDF on the server with headless Chromium: the page's own HTML and print
 * styles, with the stylesheets inlined, scripts off and every network request refused, so what is
 * printed is exactly the rendered pack and nothing else can load. One browser is started on first
 * use and kept; each print gets a fresh context.
 */
@Injectable()
export class PackPrinter implements OnModuleDestroy {
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private css: string | null = null;

  /** The stylesheets the pack needs, inlined (the page loads nothing). */
  inlineCss(): string {
    this.css ??= `${boardFrontendCss()}\n${readFileSync(join(__dirname, '..', 'assets', 'board.css'), 'utf8')}`;
    return this.css;
  }

  async print(html: string): Promise<Buffer> {
    await this.slot();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({ printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    } finally {
      this.release();
    }
  }

  private launch(): Promise<Browser> {
    this.browser ??= chromium
      .launch({ executablePath: PDF_CHROMIUM_PATH, args: CHROMIUM_ARGS })
      .then((browser) => {
        // A crashed browser is started again on the next print.
        browser.on('disconnected', () => {
          this.browser = null;
        });
        return browser;
      })
      .catch((error: Error) => {
      this.browser = null;
        throw new Problem(503, 'pdf_unavailable', `The PDF cannot be produced on this server (${error.message.split('\n')[0]}). Print the pack from your browser instead.`);
      });
    return this.browser;
  }

  private async slot(): Promise<void> {
    if (this.running < AT_ONCE) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }

  async onModuleDestroy(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
