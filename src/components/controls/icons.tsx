/** The player's icons as inline SVG (glyphs like ⏮ are missing from many system fonts). */
const PATHS = {
  start: 'M4 4h2.5v16H4zM20 4v16L8 12z',
  back: 'M18 4v16L6 12z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4.5v16H6zM13.5 4H18v16h-4.5z',
  forward: 'M6 4v16l12-8z',
  end: 'M17.5 4H20v16h-2.5zM4 4v16l12-8z',
} as const;

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
