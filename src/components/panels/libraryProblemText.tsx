/**
 * A problem with the saved scenarios (LibraryProblem) in words, in the current language; names
 * and versions read from the storage are React text. Its own module so that a test can render
 * every problem in both languages (library.test.tsx).
 */
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { LibraryProblem } from '../../store/errors';

/** One problem as a message. */
export function tellProblem(t: TFunction, p: LibraryProblem): ReactNode {
  switch (p.code) {
    case 'storage-unavailable':
    case 'storage-full':
    case 'storage-missing':
      return t(`share.library.problems.${p.code}`);
    case 'storage-corrupt':
      return p.setAsideKey ? t('share.library.problems.corruptMoved', { key: p.setAsideKey }) : t('share.library.problems.corruptKept');
    case 'storage-version':
      if (p.newer) return t('robust.storage.newer', { version: p.version });
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
