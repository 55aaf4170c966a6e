import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import * as format from './board-format';
import * as plain from './plain-english';

const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** Context every page gets: who is signed in and the form token of their session. */
export interface PageContext {
  user?: { name: string; person?: boolean; canAcknowledge: boolean; canUploadSpend?: boolean } | null;
  csrf?: string | null;
  [key: string]: unknown;
}

/**
 * Server-side rendering with the GOV.UK Design System's Nunjucks macros. Autoescaping is on, so any
 * text users typed (names, narratives, notes) is escaped; only SVG built by our chart code, which
 * escapes its own text, is marked safe.
 */
@Injectable()
export class BoardRenderer {
  private readonly env: nunjucks.Environment;

  constructor() {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(__dirname, 'templates'), GOVUK_DIST], { noCache: false }), {
      autoescape: true,
      throwOnUndefined: false,
    });
    this.env.addFilter('money', format.money);
    this.env.addFilter('moneyPence', format.moneyPence);
    this.env.addFilter('variance', format.variance);
    this.env.addFilter('exceeds', format.exceeds);
    this.env.addFilter('dateTimeLabel', format.dateTimeLabel);
    this.env.addFilter('flagTitle', plain.flagTitle);
    this.env.addFilter('flagEvidence', plain.flagEvidence);
    this.env.addFilter('controlName', plain.controlName);
    this.env.addFilter('plainWords', plain.plainWords);
    this.env.addFilter('periodLabel', format.periodLabel);
    this.env.addFilter('dateLabel', format.dateLabel);
    this.env.addFilter('ratingLabel', format.ratingLabel);
    this.env.addFilter('ratingClass', format.ratingClass);
    this.env.addFilter('kpiStatusLabel', (s: string) => format.KPI_STATUS_LABELS[s] ?? s);
    this.env.addFilter('kpiStatusClass', format.kpiStatusClass);
    this.env.addFilter('severityClass', format.severityClass);
    this.env.addFilter('ragLabel', (r: string) => format.RAG_LABEL[r] ?? r);
    this.env.addFilter('ragClass', (r: string) => format.RAG_CLASS[r] ?? 'govuk-tag--grey');
    this.env.addFilter('dimensionLabel', (d: string) => format.DIMENSION_LABELS[d] ?? d);
    this.env.addGlobal('TREND', format.TREND_TEXT);
    this.env.addGlobal('assetPath', '/board/assets');
  }

  render(template: string, context: PageContext & { cspNonce?: string }): string {
    return this.env.render(template, context);
  }

  /** Renders a page into the reply with the headers every board page carries. */
  send(reply: FastifyReply, template: string, context: PageContext, status = 200): string {
    const nonce = randomBytes(16).toString('base64');
    applyPageHeaders(reply, nonce);
    reply.status(status);
    return this.render(template, { ...context, cspNonce: nonce });
  }
}

/** No caching of board data, no framing, no referrer, and a CSP that only runs our own scripts. */
export function applyPageHeaders(reply: FastifyReply, nonce: string): void {
  reply.header('content-type', 'text/html; charset=utf-8');
  reply.header('cache-control', 'no-store');
  reply.header('x-frame-options', 'DENY');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header(
    'content-security-policy',
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
  );
}
