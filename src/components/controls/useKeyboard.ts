import { useEffect } from 'react';
import { labStore } from '../../store';

/** Whether a key press belongs to a text field or a list the user is working in. */
const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

/**
 * The player's keys, anywhere on the page: space play/pause, arrows a step (shift: ten), Home and
 * End, `-`/`+` slower and faster, `?` this list. A field being typed in keeps its keys.
 */
export function useKeyboard(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const s = labStore.getState();
      const by = e.shiftKey ? 10 : 1;
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
