// Small server-rendered SVG charts: vertical bars over days, horizontal bars over names.
// Plain SVG with text labels, readable in print and by screen readers (each has a title and a table twin).

type Bar = { label: string; value: number; display: string };

export function ColumnChart({ title, bars, height = 160 }: { title: string; bars: Bar[]; height?: number }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = Math.max(320, bars.length * 48);
  const band = width / Math.max(1, bars.length);
  const plot = height - 36;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      <line x1={0} y1={plot} x2={width} y2={plot} className="chart-axis" />
      {bars.map((bar, index) => {
        const barHeight = Math.round((bar.value / max) * (plot - 18));
        const x = index * band + band * 0.2;
        return (
          <g key={bar.label}>
            <rect x={x} y={plot - barHeight} width={band * 0.6} height={barHeight} rx={3} className="chart-bar" />
            <text x={x + band * 0.3} y={plot - barHeight - 4} textAnchor="middle" className="chart-value">
              {bar.display}
            </text>
            <text x={x + band * 0.3} y={height - 14} textAnchor="middle" className="chart-label">
              {bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function BarList({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rowHeight = 28;
  const height = bars.length * rowHeight + 4;
  return (
    <svg className="chart" viewBox={`0 0 300 ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      {bars.map((bar, index) => {
        const y = index * rowHeight + 2;
        const barWidth = Math.max(2, Math.round((bar.value / max) * 100));
        return (
          <g key={bar.label}>
            <text x={0} y={y + 17} className="chart-label">
              {bar.label.length > 16 ? `${bar.label.slice(0, 15)}…` : bar.label}
            </text>
            <rect x={125} y={y + 4} width={barWidth} height={18} rx={3} className="chart-bar" />
            <text x={125 + barWidth + 6} y={y + 17} className="chart-value">
              {bar.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
