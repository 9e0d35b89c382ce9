/** Modules made at build time by vite.config.ts. */
declare module 'virtual:lesson-teaches' {
  /** What each bundled lesson teaches, by scenario id. */
  const teaches: Record<string, { en: string; ko: string }>;
  export default teaches;
}
