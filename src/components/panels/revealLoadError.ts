/**
 * After an action in the share panel (an import, opening a saved scenario) whose message is shown
 * in the alert at the top of the page: brings the alert into view, if there is one.
 */
export function revealLoadError(): void {
  window.requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="load-error"]')?.scrollIntoView({ block: 'nearest' }));
}
