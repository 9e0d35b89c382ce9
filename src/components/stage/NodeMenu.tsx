import { memo, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { NodeId } from '../../engine';
import { nodeName, type ServiceNames } from '../../i18n';
import { useLab } from '../../store';
import { crashAtNextPoint, crashNow, cutNow, pointsOf, restartNow, RESTART_AFTER_MS, CUT_MS } from './faultMenu';

/**
 * The menu's items as data, each adding its fault at the step shown when picked. Only an open menu
 * reads the step (a closed one costs a seek nothing).
 */
function MenuItems({ id, down, neighbours, services, onPicked }: { id: NodeId; down: boolean; neighbours: readonly NodeId[]; services: ServiceNames; onPicked: () => void }) {
  const { t, i18n } = useTranslation();
  const addFault = useLab((s) => s.addFault);
  const stateNow = useLab((s) => s.stateNow);
  const now = useLab((s) => s.timeline.steps[s.cursor]!.time) + 1;
  const name = nodeName(i18n, id, services);
  const items: { key: string; label: string; fault: Parameters<typeof addFault>[0] }[] = down
    ? [{ key: 'restart', label: t('stage.breakIt.restart', { node: name }), fault: restartNow(id, now) }]
    : [
        { key: 'crash-restart', label: t('stage.breakIt.crashRestart', { node: name, ms: RESTART_AFTER_MS }), fault: crashNow(id, now, true) },
        { key: 'crash', label: t('stage.breakIt.crash', { node: name }), fault: crashNow(id, now, false) },
        ...pointsOf(id).map((point) => ({
          key: `point-${point}`,
          label: t('stage.breakIt.crashAt', { node: name, point: t(`ui.faults.points.${point}`, { defaultValue: point }) }),
          fault: crashAtNextPoint(stateNow, id, point),
        })),
      ];
  for (const n of neighbours) items.push({ key: `cut-${n}`, label: t('stage.breakIt.cut', { a: name, b: nodeName(i18n, n, services), ms: CUT_MS }), fault: cutNow(id, n, now) });
  return items.map((x) => (
    <li key={x.key}>
      <button
        type="button"
        role="menuitem"
        data-testid={`fault-${id}-${x.key}`}
        onClick={() => {
          addFault(x.fault);
          onPicked();
        }}
      >
        {x.label}
      </button>
    </li>
  ));
}

/**
 * A node's break-it menu: crash it now (and have it restarted), restart it, crash it at its next
 * meaningful point (after processing, before committing; ...), cut one of its links. Every item
 * adds a fault at the step shown, which forks the run.
 */
export const NodeMenu = memo(function NodeMenu({ id, down, neighbours, services }: { id: NodeId; down: boolean; neighbours: readonly NodeId[]; services: ServiceNames }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<{ top: number; left: number } | null>(null);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const name = nodeName(i18n, id, services);
  // The menu opens beside its button, outside the stage (a card would clip it), first item focused.
  const toggle = () => {
    const r = button.current!.getBoundingClientRect();
    setOpen((o) => (o ? null : { top: r.bottom + 4, left: Math.max(8, Math.min(r.left, window.innerWidth - 360)) }));
  };
  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) button.current?.focus();
  };
  useLayoutEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('mousedown', outside);
    return () => window.removeEventListener('mousedown', outside);
  }, [open]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    // Keys inside the menu are the menu's, not the player's.
    e.stopPropagation();
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Tab') {
      // Tab leaves the menu (closed) for what comes after its button, as in a menu button.
      close(true);
      return;
    }
    if (e.key === 'Escape') close(true);
    else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else if (e.key === 'Home') items[0]?.focus();
    else if (e.key === 'End') items.at(-1)?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <div className="node-menu">
      <button
        ref={button}
        type="button"
        className="node-menu-button"
        data-testid={`node-menu-${id}`}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={menuId}
        aria-label={t('stage.breakIt.nodeMenu', { node: name })}
        onClick={toggle}
      >
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M13 2 4 14h6l-1 8 9-12h-6z" />
        </svg>
      </button>
      {open &&
        createPortal(
        <ul ref={menu} className="menu" id={menuId} role="menu" style={{ top: open.top, left: open.left }} onKeyDown={onKeyDown} aria-label={t('stage.breakIt.nodeMenu', { node: name })}>
          <MenuItems id={id} down={down} neighbours={neighbours} services={services} onPicked={() => close(true)} />
        </ul>,
          document.body,
        )}
    </div>
  );
});
