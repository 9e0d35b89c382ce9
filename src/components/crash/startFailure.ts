/**
 * If the page cannot even start (its language's texts or the first run failed to load, before
 * React rendered anything): a message in both languages and a reload button, made with the DOM
 * and text nodes only, instead of a blank page.
 */
export function showStartFailure(container: HTMLElement, error: unknown): void {
  const box = document.createElement('div');
  box.className = 'alert';
  box.setAttribute('role', 'alert');
  box.setAttribute('data-testid', 'start-failure');
  const text = document.createElement('p');
  const detail = error instanceof Error ? error.message : String(error);
  text.textContent = `The lab could not start: ${detail}. Reload the page to try again. · 랩을 시작하지 못했습니다. 페이지를 새로고침해 다시 시도하세요.`;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload · 새로고침';
  reload.addEventListener('click', () => window.location.reload());
  box.append(text, reload);
  container.replaceChildren(box);
}
