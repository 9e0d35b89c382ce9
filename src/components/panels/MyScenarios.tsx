import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labStore, useLab } from '../../store';
import type { LibraryProblem } from '../../store/errors';
import { NAME_MAX, checkName, type SavedScenario } from '../../store/library';
import { revealLoadError } from './revealLoadError';

function tellProblem(t: TFunction, p: LibraryProblem) {
  switch (p.code) {
    case 'storage-unavailable':
    case 'storage-full':
    case 'storage-missing':
      return t(`share.library.problems.${p.code}`);
    case 'storage-corrupt':
      return p.setAsideKey ? t('share.library.problems.corruptMoved', { key: p.setAsideKey }) : t('share.library.problems.corruptKept');
    case 'storage-version':
      return p.setAsideKey ? t('share.library.problems.versionMoved', { key: p.setAsideKey, version: p.version }) : t('share.library.problems.versionKept', { version: p.version });
    case 'storage-dropped':
      return (
        <>
          {p.setAsideKey ? t('share.library.problems.droppedMoved', { count: p.count, key: p.setAsideKey }) : t('share.library.problems.droppedKept', { count: p.count })}
          <ul>
            {p.names.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      );
  }
}

const nameHint = (t: TFunction, problem: ReturnType<typeof checkName>) => (problem ? t(`share.library.names.${problem}`, { max: NAME_MAX }) : '');

/** "Save as my scenario", and the saved ones: open, rename, delete (with undo). Names are shown as text. */
export function MyScenarios() {
  const { t } = useTranslation();
  const id = useId();
  const library = useLab((s) => s.library);
  const problems = useLab((s) => s.libraryProblems);
  const lastDeleted = useLab((s) => s.lastDeleted);
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
      {problems.length > 0 && (
        <div className="notice bad" role="alert" data-testid="library-problem">
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{tellProblem(t, p)}</li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => labStore.getState().dismissLibraryProblems()}>
            {t('share.library.dismiss')}
          </button>
        </div>
      )}
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
