/**
 * Keeps a presentation going across windows and reloads: the open lesson, its narration and
 * presenter mode are kept in the tab's sessionStorage (a reload comes back to the same place), and
 * posted on a BroadcastChannel to the speaker-notes window, which can send Next, Back and Blank
 * back. Messages from the channel are checked field by field; nothing in them is run or rendered
 * as HTML.
 */
import type { Language } from '../i18n';
import { clip, readSearch } from './url';
import type { LabStore } from './index';
import type { LabState } from './state';

export const PRESENTER_CHANNEL = 'delivery-lab.presenter';
export const PRESENTER_KEY = 'delivery-lab.presenter.v1';

/** What the speaker-notes window shows, in the presenter's language. */
export interface NotesState {
  type: 'state';
  language: Language;
  lesson: null | {
    title: string;
    index: number;
    count: number;
    text: string;
    notes: string | null;
    question: { text: string; answer: string } | null;
    next: string | null;
  };
  blank: boolean;
  presenting: boolean;
}

export type NotesCommand = { type: 'hello' } | { type: 'next' } | { type: 'back' } | { type: 'blank' };

export function notesStateOf(s: LabState): NotesState {
  const l = s.lesson;
  const lang = s.language;
  const title = s.scenario.title;
  const step = l?.steps[l.index];
  return {
    type: 'state',
    language: lang,
    blank: s.blank,
    presenting: s.presenting,
    lesson:
      l && step
        ? {
            title: (typeof title === 'object' ? title[lang] : title) ?? l.id,
            index: l.index,
            count: l.steps.length,
            text: step.text[lang],
            notes: step.notes?.[lang] ?? null,
            question: step.question ? { text: step.question.text[lang], answer: step.question.choices[step.question.answer]![lang] } : null,
            next: l.steps[l.index + 1]?.text[lang] ?? null,
          }
        : null,
  };
}

export function isNotesCommand(v: unknown): v is NotesCommand {
  return typeof v === 'object' && v !== null && ['hello', 'next', 'back', 'blank'].includes((v as { type?: unknown }).type as string);
}

/** Where a presentation stood: read back on a reload. */
export interface SavedPresentation {
  lesson: string;
  index: number;
  presenting: boolean;
}

/** The saved presentation, if the storage holds a well-formed one. */
export function readPresentation(storage: Pick<Storage, 'getItem'>): SavedPresentation | null {
  try {
    const v = JSON.parse(storage.getItem(PRESENTER_KEY) ?? 'null') as Partial<SavedPresentation> | null;
    if (!v || typeof v.lesson !== 'string' || !/^[a-z0-9-]{1,100}$/.test(v.lesson) || !Number.isInteger(v.index) || v.index! < 0) return null;
    return { lesson: v.lesson, index: v.index!, presenting: v.presenting === true };
  } catch {
    return null;
  }
}

/** Binds the store to the tab's storage and to the notes channel; returns the unbind. */
export function bindPresenter(store: LabStore, win: Window): () => void {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(PRESENTER_CHANNEL) : null;
  const post = () => channel?.postMessage(notesStateOf(store.getState()));
  if (channel) {
    channel.onmessage = (e: MessageEvent) => {
      if (!isNotesCommand(e.data)) return;
      const s = store.getState();
      if (e.data.type === 'next') s.lessonNext();
      else if (e.data.type === 'back') s.lessonBack();
      else if (e.data.type === 'blank') s.toggleBlank();
      post();
    };
  }
  const save = (s: LabState) => {
    try {
      if (s.lesson) win.sessionStorage.setItem(PRESENTER_KEY, JSON.stringify({ lesson: s.lesson.id, index: s.lesson.index, presenting: s.presenting } satisfies SavedPresentation));
      else win.sessionStorage.removeItem(PRESENTER_KEY);
    } catch {
      // Storage refused (private mode, full): the presentation just does not survive a reload.
    }
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.lesson === prev.lesson && s.presenting === prev.presenting && s.blank === prev.blank && s.language === prev.language) return;
    save(s);
    post();
  });
  post();
  return () => {
    unsubscribe();
    channel?.close();
  };
}

/**
 * Opens the lesson a link names (`?scenario=<id>&lesson=<n>`, n 1-based), after the link's run is
 * loaded; a narration past the lesson's end opens its last. Returns whether the link named one.
 */
export async function openLinkedLesson(store: LabStore, search: string): Promise<boolean> {
  const value = readSearch(search).lesson;
  if (value === undefined) return false;
  const fail = (why: 'number' | 'source' | 'none') => store.setState({ errors: [...store.getState().errors, { code: 'bad-lesson', value: clip(value), why }] });
  const n = /^\d{1,4}$/.test(value) ? Number(value) : 0;
  const { source, scenario } = store.getState();
  // The lesson of the scenario the link names: if the link names another source, or one that was
  // refused, not the lesson of the run still shown.
  const req = readSearch(search);
  const otherSource = req.custom !== undefined || req.preset !== null || (req.scenario !== null && (source.kind !== 'scenario' || source.id !== req.scenario));
  if (n < 1) fail('number');
  else if (source.kind !== 'scenario' || otherSource) fail('source');
  else if (!scenario.lesson) fail('none');
  else {
    const errors = store.getState().errors;
    await store.getState().openLesson(source.id, n - 1);
    // Opening the lesson runs the scenario again: the link's own messages stay on screen.
    if (store.getState().errors.length === 0 && errors.length > 0) store.setState({ errors });
  }
  return true;
}

/**
 * Applies a link as the page applies the one it opens with (main.tsx): its run, then the lesson
 * narration it names. What the page does with a link, whatever the link holds, is this.
 */
export async function applyLink(store: LabStore, search: string): Promise<void> {
  await store.getState().loadFromUrl(search);
  await openLinkedLesson(store, search);
}

/** Reopens a presentation saved in this tab (after a reload). */
export async function restorePresentation(store: LabStore, win: Window): Promise<void> {
  let saved: SavedPresentation | null = null;
  try {
    saved = readPresentation(win.sessionStorage);
  } catch {
    return;
  }
  if (!saved) return;
  // The link opened this lesson already (it names the narration): presenter mode comes back with it.
  const open = store.getState().lesson;
  if (open) {
    if (open.id === saved.lesson && saved.presenting) store.getState().setPresenting(true);
    return;
  }
  if (!store.getState().catalog.entries.some((e) => e.id === saved.lesson && e.lesson !== undefined)) return;
  // A link to another run wins over the saved presentation.
  const source = store.getState().source;
  const asked = /[?&](scenario|preset|run)=/.test(win.location.search);
  if (asked && !(source.kind === 'scenario' && source.id === saved.lesson)) return;
  await store.getState().openLesson(saved.lesson, saved.index);
  if (saved.presenting && store.getState().lesson) store.getState().setPresenting(true);
}
