/** A chart legend in HTML: a swatch (or two) and a label per series. */
export function Legend({ items }: { items: { label: string; colors: string[]; line?: boolean }[] }) {
  return (
    <div class="legend">
      {items.map((item) => (
        <span class="legend-item">
          {item.colors.map((color) => (
            <span class={item.line ? 'swatch line' : 'swatch'} style={{ background: color }} />
          ))}
          {item.label}
        </span>
      ))}
    </div>
  );
}
