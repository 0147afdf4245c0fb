/** Text cut to one line with "…" by CSS (in a `.cell--ellipsis` cell), the whole of it on hover. */
export function Ellipsis({ text }: { text: string }) {
  return (
    <span className="ellipsis" title={text}>
      {text}
    </span>
  );
}

/** Text cut to `max` characters with "…", for places CSS cannot cut (SVG labels). */
export function ellipsize(text: string, max: number): string {
  if (max < 2) return '…';
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
