import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labStore, useLab } from '../../store';
import { addTexts } from '../../i18n/addTexts';
import { robustEn } from '../../i18n/robust';
import { robustKo } from '../../i18n/robustKo';
import type { LibraryProblem } from '../../store/errors';
import { NAME_MAX, checkName, type SavedScenario } from '../../store/library';
import { downloadBlob } from '../export/download';
import { tellProblem } from './libraryProblemText';
import { revealLoadError } from './revealLoadError';

const nameHint = (t: TFunction, problem: ReturnType<typeof checkName>) => (problem ? t(`share.library.names.${problem}`, { max: NAME_MAX }) : '');

/** "Save as my scenario", and the saved ones: open, rename, delete (with undo). Names are shown as text. */
export function MyScenarios() {
  const { t, i18n } = useTranslation();
  // The storage's words beyond the share panel's come with this chunk.
  addTexts(i18n, 'robust', robustEn, robustKo);
  const id = useId();
  const library = useLab((s) => s.library);
  const problems = useLab((s) => s.libraryProblems);
  const lastDeleted = useLab((s) => s.lastDeleted);
  const unsaved = useLab((s) => s.unsaved);
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const problem = checkName(name, library);
  // "Type a name" only once the user has tried to save; a name already taken at once.
  const shown = problem === 'empty' && !tried ? null : problem;

  const save = () => {
    setTried(true);
    if (problem !== null) return;
    if (labStore.getState().saveScenario(name)) {
      setSaved(name.trim());
      setName('');
      setTried(false);
    } else setSaved(null);
  };

  return (
    <div className="share-block my-scenarios" data-testid="my-scenarios">
      <h3>{t('share.library.heading')}</h3>
      <p className="hint">{t('share.library.what')}</p>
      <form
        className="save-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={id}>{t('share.library.name')}</label>
        <input
          id={id}
          type="text"
          data-testid="save-name"
          value={name}
          maxLength={NAME_MAX * 2}
          autoComplete="off"
          aria-invalid={shown !== null}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(null);
          }}
        />
        <button type="submit" data-testid="save-scenario">
          {t('share.library.save')}
        </button>
        <p id={`${id}-hint`} className={shown ? 'hint invalid' : 'hint'} data-testid="save-name-hint" role={shown ? 'alert' : undefined}>
          {shown ? nameHint(t, shown) : saved ? t('share.library.saved', { name: saved }) : ''}
        </p>
      </form>
      {(problems.length > 0 || unsaved) && <LibraryProblems problems={problems} />}
      {lastDeleted && (
        <p role="status" className="share-status" data-testid="deleted-status">
          {t('share.library.deleted', { name: lastDeleted.name })}{' '}
          <button type="button" className="secondary small" data-testid="undo-delete" onClick={() => labStore.getState().undoDelete()}>
            {t('share.library.undo')}
          </button>
        </p>
      )}
      {library.length === 0 ? (
        <p className="muted" data-testid="my-scenarios-empty">
          {t('share.library.empty')}
        </p>
      ) : (
        <ul className="saved-list" data-testid="saved-list">
          {library.map((e) => (
            <SavedRow key={e.id} entry={e} library={library} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Why a download of the storage's data is offered: what was set aside, or what is stored and cannot be read here. */
function offers(problems: readonly LibraryProblem[]): { setAside: boolean; stored: boolean; newer: boolean } {
  const moved = problems.some((p) => 'setAsideKey' in p && p.setAsideKey !== null);
  const kept = problems.some((p) => 'setAsideKey' in p && p.setAsideKey === null);
  return { setAside: moved, stored: kept, newer: problems.some((p) => p.code === 'storage-version' && p.newer === true) };
}

const download = (file: { fileName: string; text: string } | null) => {
  if (file) downloadBlob(new Blob([file.text], { type: 'application/json' }), file.fileName);
};

/**
 * What went wrong with the storage, and what keeps the user's work: the scenario a save could not
 * store, as a file; what was set aside or left where it was, as a file; a newer lab's list, set
 * aside only when the user says so.
 */
function LibraryProblems({ problems }: { problems: readonly LibraryProblem[] }) {
  const { t } = useTranslation();
  const unsaved = useLab((s) => s.unsaved);
  const full = problems.some((p) => p.code === 'storage-full');
  const refused = problems.some((p) => p.code === 'storage-unavailable');
  // The unsaved scenario's own sentence says why, for a full or a refused storage.
  const listed = unsaved ? problems.filter((p) => p.code !== 'storage-full' && p.code !== 'storage-unavailable') : problems;
  const offer = offers(problems);
  const s = labStore.getState();
  return (
    <div className="notice bad" role="alert" data-testid="library-problem">
      {listed.length > 0 && (
        <ul>
          {listed.map((p, i) => (
            <li key={i}>{tellProblem(t, p)}</li>
          ))}
        </ul>
      )}
      {unsaved && (
        <p data-testid="library-unsaved">
          {t(full ? 'robust.storage.fullUnsaved' : refused ? 'robust.storage.unavailableUnsaved' : 'robust.storage.otherUnsaved', { name: unsaved.name })}{' '}
          <button type="button" className="small" data-testid="download-unsaved" onClick={() => download(unsaved)}>
            {t('robust.storage.downloadUnsaved', { name: unsaved.name })}
          </button>
        </p>
      )}
      <p className="library-actions">
        {offer.setAside && (
          <button type="button" className="secondary small" data-testid="download-set-aside" onClick={() => download(s.storedData('set-aside'))}>
            {t('robust.storage.downloadSetAside')}
          </button>
        )}
        {offer.stored && (
          <button type="button" className="secondary small" data-testid="download-stored" onClick={() => download(s.storedData('stored'))}>
            {t('robust.storage.downloadKept')}
          </button>
        )}
        {offer.newer && (
          <button type="button" className="secondary small" data-testid="set-aside-stored" onClick={() => s.setAsideStored()}>
            {t('robust.storage.setAside')}
          </button>
        )}
        <button type="button" className="secondary small" onClick={() => s.dismissLibraryProblems()}>
          {t('share.library.dismiss')}
        </button>
      </p>
    </div>
  );
}

function SavedRow({ entry, library }: { entry: SavedScenario; library: readonly SavedScenario[] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const shown = useLab((s) => s.openedSaved?.id === entry.id && s.source.kind === 'custom' && s.source.input === s.openedSaved.input);
  const [renaming, setRenaming] = useState<string | null>(null);
  const problem = renaming === null ? null : checkName(renaming, library, entry.id);
  const date = new Date(entry.savedAt);
  const when = Number.isNaN(date.getTime()) ? entry.savedAt : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);

  if (renaming !== null) {
    return (
      <li className="saved-row" data-testid={`saved-${entry.id}`}>
        <form
          className="rename-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (problem === null && labStore.getState().renameSaved(entry.id, renaming)) setRenaming(null);
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            {t('share.library.renameTo', { name: entry.name })}
          </label>
          <input id={id} type="text" data-testid={`rename-input-${entry.id}`} value={renaming} autoFocus aria-invalid={problem !== null} aria-describedby={`${id}-hint`} onChange={(e) => setRenaming(e.target.value)} />
          <button type="submit" data-testid={`rename-save-${entry.id}`}>
            {t('share.library.confirmRename')}
          </button>
          <button type="button" className="secondary" onClick={() => setRenaming(null)}>
            {t('share.library.cancel')}
          </button>
          <p id={`${id}-hint`} className="hint invalid">
            {nameHint(t, problem)}
          </p>
        </form>
      </li>
    );
  }
  return (
    <li className="saved-row" data-testid={`saved-${entry.id}`}>
      <span className="saved-name" data-testid={`saved-name-${entry.id}`}>
        {entry.name}
      </span>
      <span className="hint saved-when">{t('share.library.savedAt', { date: when })}</span>
      {shown && <span className="tag">{t('share.library.opened')}</span>}
      <span className="saved-actions">
        <button
          type="button"
          className="secondary small"
          data-testid={`saved-open-${entry.id}`}
          onClick={() => {
            labStore.getState().openSaved(entry.id);
            if (labStore.getState().errors.length > 0) revealLoadError();
          }}
        >
          {t('share.library.open')}
        </button>
        <button type="button" className="secondary small" data-testid={`saved-rename-${entry.id}`} onClick={() => setRenaming(entry.name)}>
          {t('share.library.rename')}
        </button>
        <button type="button" className="secondary small" data-testid={`saved-delete-${entry.id}`} aria-label={t('share.library.deleteNamed', { name: entry.name })} onClick={() => labStore.getState().deleteSaved(entry.id)}>
          {t('share.library.delete')}
        </button>
      </span>
    </li>
  );
}
