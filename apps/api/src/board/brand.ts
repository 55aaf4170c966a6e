import type { OrganisationEntity } from '@app/platform';

/** What the board's header shows of the organisation: its name, and the logo and colour it chose. */
export interface Brand {
  name: string;
  /** A data: URL of a PNG, JPEG or SVG image (the pages' CSP loads images only from the api and data: URLs). */
  logo: string | null;
  /** "#1d70b8": the header's colour. */
  colour: string | null;
}

export const BRAND_LOGO = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+=*$/;
export const BRAND_LOGO_MAX = 100_000;
export const BRAND_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The organisation's branding settings, ignoring anything that is not a valid logo or colour. */
export function brandOf(org: Pick<OrganisationEntity, 'name' | 'settings'>): Brand {
  const branding = (org.settings?.branding ?? {}) as Record<string, unknown>;
  const logo = typeof branding.logo === 'string' && branding.logo.length <= BRAND_LOGO_MAX && BRAND_LOGO.test(branding.logo) ? branding.logo : null;
  const colour = typeof branding.colour === 'string' && BRAND_COLOUR.test(branding.colour) ? branding.colour.toLowerCase() : null;
  return { name: org.name, logo, colour };
}

/** Black or white text, whichever reads better on the colour (WCAG relative luminance). */
export function textOn(colour: string): '#0b0c0c' | '#ffffff' {
  const channel = (i: number) => {
    const c = parseInt(colour.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  // Contrast with white is (1.05)/(L+0.05); with near-black about (L+0.05)/0.057.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.057 ? '#ffffff' : '#0b0c0c';
}

/** The stylesheet that puts the organisation's colour on the header (served as a file: the CSP allows no inline styles). */
export function brandCss(brand: Brand | null): string {
  if (!brand?.colour) return '/* the organisation has not set a colour */\n';
  const text = textOn(brand.colour);
  return `.govuk-generic-header { background: ${brand.colour}; --govuk-text-colour: ${text}; color: ${text}; }\n.board-header .govuk-generic-header__homepage-link:link, .board-header .govuk-generic-header__homepage-link:visited { color: ${text}; }\n`;
}
