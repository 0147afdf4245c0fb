/** Colours of the charts, read from the design tokens so both themes are right. */
export interface ChartPalette {
  line: string;
  envelope: string;
  axis: string;
  grid: string;
  normal: string;
  normalLine: string;
  warning: string;
  critical: string;
  criticalLine: string;
}

function token(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** `#rrggbb` plus an alpha, for canvas fills; other colour syntaxes come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const n = Number.parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function readChartPalette(element: Element = document.documentElement): ChartPalette {
  const style = getComputedStyle(element);
  const accent = token(style, '--accent', '#0b6bcb');
  const success = token(style, '--success', '#1d7f3d');
  const warning = token(style, '--warning', '#a86400');
  const danger = token(style, '--danger', '#c4311f');
  return {
    line: accent,
    envelope: withAlpha(accent, 0.18),
    axis: token(style, '--text-muted', '#5a6675'),
    grid: withAlpha(token(style, '--border-strong', '#b9c2cc'), 0.45),
    normal: withAlpha(success, 0.08),
    normalLine: withAlpha(success, 0.6),
    warning: withAlpha(warning, 0.1),
    critical: withAlpha(danger, 0.12),
    criticalLine: withAlpha(danger, 0.75),
  };
}
