import { useEffect } from 'react';
import { labStore } from '../../store';
import { setPresenter } from '../lesson/presenterMode';

/** Whether a key press belongs to a text field or a list the user is working in. */
const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

/**
 * The player's keys, anywhere on the page: space play/pause, arrows a step (shift: ten), Home and
 * End, `-`/`+` slower and faster, `?` this list. With a lesson open, PageDown / PageUp (what a
 * clicker sends) are its Next and Back; in presenter mode the arrows, space and Enter are too, `b`
 * or `.` blanks the screen and Escape leaves. A field being typed in keeps its keys.
 */
export function useKeyboard(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const s = labStore.getState();
      // Side by side has keys of its own.
      if (s.compare) return;
      const by = e.shiftKey ? 10 : 1;
      if (s.lesson && lessonKey(e, s.presenting)) {
        e.preventDefault();
        return;
      }
      if (s.presenting && (e.key === 'b' || e.key === 'B' || e.key === '.' || e.key === 'Escape')) {
        if (e.key === 'Escape') setPresenter(false);
        else s.toggleBlank();
        e.preventDefault();
        return;
      }
      switch (e.key) {
        case ' ':
          // A focused button is pressed by space itself.
          if (e.target instanceof HTMLButtonElement) return;
          s.togglePlay();
          break;
        case 'ArrowRight':
          s.pause();
          s.seek(s.cursor + by);
          break;
        case 'ArrowLeft':
          s.pause();
          s.seek(s.cursor - by);
          break;
        case 'Home':
          s.restart();
          break;
        case 'End':
          s.seekEnd();
          break;
        case '+':
        case '=':
          s.faster();
          break;
        case '-':
          s.slower();
          break;
        case '?':
          onHelp();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onHelp]);
}

/** A lesson's Next and Back from the keyboard or a clicker; true if the key was one. */
function lessonKey(e: KeyboardEvent, presenting: boolean): boolean {
  const s = labStore.getState();
  // A focused button is pressed by space and Enter themselves.
  const onButton = e.target instanceof HTMLButtonElement;
  const next = e.key === 'PageDown' || (presenting && (e.key === 'ArrowRight' || ((e.key === ' ' || e.key === 'Enter') && !onButton)));
  const back = e.key === 'PageUp' || (presenting && e.key === 'ArrowLeft');
  if (next) s.lessonNext();
  else if (back) s.lessonBack();
  return next || back;
}
