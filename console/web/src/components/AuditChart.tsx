import type { JSX } from "preact";
import { RefusalStats } from "../api/audit";

// Drawing units of the SVG's viewBox; the stylesheet scales it to the width available.
const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 56;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 44;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

const BUCKET_NAMES: Record<string, string> = {
  "1m": "minute",
  "5m": "5 minutes",
  "15m": "15 minutes",
  "1h": "hour",
  "6h": "6 hours",
  "1d": "day",
};

/**
 * Authentication failures and denials per time bucket as grouped bars, drawn as inline SVG (no
 * library, no inline style: the Content-Security-Policy forbids it; colours come from classes).
 * The SVG is one image with a name and a description; the same numbers are in a table below it.
 */
export function AuditChart(props: { stats: RefusalStats }): JSX.Element {
  const { stats } = props;
  const n = stats.buckets.length;
  const top = niceCeiling(Math.max(1, ...stats.buckets.map((b) => Math.max(b.auth_failures, b.denials))));
  const slot = PLOT_W / Math.max(1, n);
  const bar = Math.max(1, slot * 0.38);
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H;
  const label = labeller(stats);
  const every = Math.max(1, Math.ceil(n / 5));
  const per = BUCKET_NAMES[stats.bucket] ?? stats.bucket;
  const range = `${formatFull(stats.from)} to ${formatFull(stats.to)}`;

  return (
    <figure class="audit-chart">
      <figcaption>
        <strong id="audit-chart-title">Auth failures and denials per {per}</strong>
        <span class="chart-legend" aria-hidden="true">
          <span class="swatch swatch-auth" /> auth failures ({stats.totals.auth_failures})
          <span class="swatch swatch-deny" /> denials ({stats.totals.denials})
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="audit-chart-title"
        aria-describedby="audit-chart-desc"
        preserveAspectRatio="xMidYMid meet"
      >
        <desc id="audit-chart-desc">
          {stats.totals.auth_failures} auth failures and {stats.totals.denials} denials from {range}, in{" "}
          {n} buckets of one {per}. The table after the chart lists every bucket.
        </desc>
        {[0, top / 2, top].map((v) => (
          <g key={v} class="chart-grid">
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(v)} y2={y(v)} />
            <text x={LEFT - 6} y={y(v) + 4} text-anchor="end">
              {formatCount(v)}
            </text>
          </g>
        ))}
        {stats.buckets.map((b, i) => {
          const x = LEFT + i * slot + (slot - 2 * bar) / 2;
          return (
            <g key={b.start}>
              <rect class="bar-auth" x={x} width={bar} y={y(b.auth_failures)} height={y(0) - y(b.auth_failures)}>
                <title>
                  {label(b.start)}: {b.auth_failures} auth failures
                </title>
              </rect>
              <rect class="bar-deny" x={x + bar} width={bar} y={y(b.denials)} height={y(0) - y(b.denials)}>
                <title>
                  {label(b.start)}: {b.denials} denials
                </title>
              </rect>
              {i % every === 0 && (
                <text class="chart-tick" x={LEFT + i * slot + slot / 2} y={TOP + PLOT_H + 14} text-anchor="middle">
                  {label(b.start)}
                </text>
              )}
            </g>
          );
        })}
        <line class="chart-axis" x1={LEFT} x2={WIDTH - RIGHT} y1={y(0)} y2={y(0)} />
        <text class="chart-axis-label" x={LEFT + PLOT_W / 2} y={HEIGHT - 6} text-anchor="middle">
          Bucket start (your time zone)
        </text>
        <text
          class="chart-axis-label"
          x={-(TOP + PLOT_H / 2)}
          y={12}
          transform="rotate(-90)"
          text-anchor="middle"
        >
          Events
        </text>
      </svg>
      <details class="chart-table">
        <summary>The chart as a table</summary>
        <table>
          <caption class="visually-hidden">Auth failures and denials per {per}, {range}</caption>
          <thead>
            <tr>
              <th scope="col">Bucket start</th>
              <th scope="col">Auth failures</th>
              <th scope="col">Denials</th>
            </tr>
          </thead>
          <tbody>
            {stats.buckets.map((b) => (
              <tr key={b.start}>
                <th scope="row">
                  <time dateTime={b.start}>{formatFull(b.start)}</time>
                </th>
                <td>{b.auth_failures}</td>
                <td>{b.denials}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** 1, 2 or 5 times a power of ten, at least `v`: round numbers for the top of the axis. */
function niceCeiling(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= v) return step * power;
  }
  return 10 * power;
}

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Tick labels: the time of day within a day, the date too when the range spans days. */
function labeller(stats: RefusalStats): (iso: string) => string {
  const days = (Date.parse(stats.to) - Date.parse(stats.from)) / 86_400_000;
  const format = new Intl.DateTimeFormat(undefined,
    stats.bucket === "1d"
      ? { month: "short", day: "numeric" }
      : days > 1
        ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
        : { hour: "2-digit", minute: "2-digit" },
  );
  return (iso) => format.format(new Date(iso));
}

function formatFull(iso: string): string {
  return new Date(iso).toLocaleString();
}
