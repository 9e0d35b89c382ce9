/** Presenter mode's switch and the notes window: small, in the first bundle (the header and the keys use them). */
import { labStore } from '../../store';

/** Opens the speaker-notes window (the same page, `?view=notes`), kept in step over a BroadcastChannel. */
export function openNotesWindow(): boolean {
  const url = new URL(window.location.href);
  url.search = '?view=notes';
  url.hash = '';
  return window.open(url.toString(), 'delivery-lab-notes', 'popup,width=720,height=640') !== null;
}

/** Presenter mode on (with fullscreen, from the click that asked for it) or off. */
export function setPresenter(on: boolean): void {
  labStore.getState().setPresenting(on);
  const doc = document.documentElement;
  if (on && !document.fullscreenElement) void doc.requestFullscreen?.().catch(() => undefined);
  if (!on && document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
}
