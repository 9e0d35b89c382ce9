import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureLessonTexts } from './lessonTexts';
import { PRESENTER_CHANNEL, type NotesCommand, type NotesState } from '../../store/presenterPage';

const isNotesState = (v: unknown): v is NotesState => typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'state';

const clockText = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * The speaker-notes window (`?view=notes`): what the room sees, the teacher's notes, the answer to
 * the question on screen, the next narration, and a clock; its own Back / Next (and the clicker's
 * keys) drive the presenter's window. All of it comes over a BroadcastChannel as plain text.
 */
export function SpeakerNotes({ onLanguage }: { onLanguage: (language: NotesState['language']) => void }) {
  const { t, i18n } = useTranslation();
  ensureLessonTexts(i18n);
  const [state, setState] = useState<NotesState | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const channel = useRef<BroadcastChannel | null>(null);
  const started = useRef<number | null>(null);

  useEffect(() => {
    const c = new BroadcastChannel(PRESENTER_CHANNEL);
    channel.current = c;
    c.onmessage = (e: MessageEvent) => {
      if (!isNotesState(e.data)) return;
      started.current ??= performance.now();
      setState(e.data);
    };
    c.postMessage({ type: 'hello' } satisfies NotesCommand);
    const timer = setInterval(() => started.current !== null && setElapsed(performance.now() - started.current), 1000);
    return () => {
      clearInterval(timer);
      c.close();
    };
  }, []);

  useEffect(() => {
    if (state) onLanguage(state.language);
  }, [state, onLanguage]);

  const send = (type: NotesCommand['type']) => channel.current?.postMessage({ type } satisfies NotesCommand);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (['ArrowRight', 'PageDown', ' ', 'Enter'].includes(e.key)) send('next');
      else if (['ArrowLeft', 'PageUp'].includes(e.key)) send('back');
      else if (e.key === 'b' || e.key === 'B' || e.key === '.') send('blank');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = t('lesson.notes.title');
  }, [t]);

  const l = state?.lesson;
  return (
    <main className="speaker-notes" data-testid="speaker-notes">
      <header>
        <h1>{t('lesson.notes.title')}</h1>
        <span className="notes-clock" data-testid="notes-clock">
          {t('lesson.notes.elapsed', { time: clockText(elapsed) })}
        </span>
      </header>
      {!state && <p data-testid="notes-waiting">{t('lesson.notes.waiting')}</p>}
      {state && !l && <p data-testid="notes-no-lesson">{t('lesson.notes.noLesson')}</p>}
      {state?.blank && <p className="notes-blank">{t('lesson.notes.blanked')}</p>}
      {l && (
        <>
          <p className="notes-progress" data-testid="notes-progress">
            {l.title} · {t('lesson.panel.progress', { index: l.index + 1, count: l.count })}
          </p>
          <section>
            <h2>{t('lesson.notes.now')}</h2>
            <p data-testid="notes-text">{l.text}</p>
          </section>
          {l.question && (
            <section>
              <h2>{t('lesson.notes.question')}</h2>
              <p>{l.question.text}</p>
              <p>
                <strong>{t('lesson.notes.answer', { answer: l.question.answer })}</strong>
              </p>
            </section>
          )}
          <section>
            <h2>{t('lesson.notes.notes')}</h2>
            <p data-testid="notes-notes">{l.notes ?? t('lesson.notes.noNotes')}</p>
          </section>
          <section className="notes-next">
            <h2>{t('lesson.notes.next')}</h2>
            <p>{l.next ?? t('lesson.notes.last')}</p>
          </section>
          <div className="lesson-nav">
            <button type="button" data-testid="notes-back" onClick={() => send('back')}>
              ← {t('lesson.panel.back')}
            </button>
            <button type="button" className="primary" data-testid="notes-next" onClick={() => send('next')}>
              {t('lesson.panel.next')} →
            </button>
          </div>
        </>
      )}
    </main>
  );
}
