/** Escapes text for SVG/XML; chart output is marked safe in templates, so every label goes through here. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Two decimals at most, so the SVG stays small and stable. */
export const px = (n: number): string => String(Math.round(n * 100) / 100);

export const DAY_MS = 86_400_000;
export const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Drawing area of every chart: a fixed viewBox scaled by CSS. */
export const FRAME = { width: 640, height: 300, left: 72, right: 20, top: 20, bottom: 44 };
export const plotWidth = FRAME.width - FRAME.left - FRAME.right;
export const plotHeight = FRAME.height - FRAME.top - FRAME.bottom;

/** About five round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/** The opening of an accessible chart: role img, named by its title and described by its summary. */
export function svgOpen(id: string, title: string, description: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${FRAME.width} ${FRAME.height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>`
  );
}
