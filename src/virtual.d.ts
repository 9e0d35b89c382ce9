/** Modules made at build time by vite.config.ts. */
declare module 'virtual:lesson-teaches' {
  /** What each bundled lesson teaches, by scenario id. */
  const teaches: Record<string, { en: string; ko: string }>;
  export default teaches;
}

/** The app's version and commit, put in the build by vite.config.ts (`define`), for bug reports. */
declare const __APP_VERSION__: string;
