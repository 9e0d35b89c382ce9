import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKind } from '../../engine';
import { labStore, useLab } from '../../store';
import { dropNext, upcomingKinds } from '../stage/faultMenu';
import { tellFault } from '../text/describeFault';

/** "Lose the next <kind>": the kinds still to come after the cursor, requests or responses. */
function DropNext({ responses }: { responses: boolean }) {
  const { t } = useTranslation();
  const packets = useLab((s) => s.packets);
  // Deferred: which kinds are still to come is not needed for the stage to show a step.
  const cursor = useDeferredValue(useLab((s) => s.cursor));
  const kinds = upcomingKinds(packets, cursor, responses);
  const [chosen, setChosen] = useState<MessageKind | ''>('');
  const id = useId();
  const kind = chosen && kinds.includes(chosen) ? chosen : (kinds[0] ?? '');
  const which = responses ? 'response' : 'request';
  return (
    <div className="drop-next">
      <label htmlFor={id}>{responses ? t('stage.breakIt.dropResponse') : t('stage.breakIt.dropRequest')}</label>
      <select id={id} data-testid={`drop-next-${which}-kind`} value={kind} onChange={(e) => setChosen(e.target.value as MessageKind)} disabled={kinds.length === 0}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <button type="button" data-testid={`drop-next-${which}`} disabled={!kind} onClick={() => kind && labStore.getState().addFault(dropNext(packets, cursor, kind))}>
        ✂
        <span className="visually-hidden">{responses ? t('stage.breakIt.dropResponse') : t('stage.breakIt.dropRequest')}</span>
      </button>
    </div>
  );
}

/** The break-it bar: lose the next request or response; node menus (⚡ on each card) and packets (click one) do the rest. */
export function BreakIt() {
  const { t } = useTranslation();
  const userFaults = useLab((s) => s.userFaults);
  return (
    <div className="break-it" data-testid="break-it">
      <p className="muted">{t('stage.breakIt.intro')}</p>
      <div className="break-it-row">
        <DropNext responses={false} />
        <DropNext responses />
      </div>
      {userFaults.length > 0 && (
        <div className="user-faults">
          <span className="tag">{t('stage.breakIt.userFaults')}</span>
          <ul data-testid="user-faults">
            {userFaults.map((f, i) => (
              <li key={i}>{tellFault(t, f)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
