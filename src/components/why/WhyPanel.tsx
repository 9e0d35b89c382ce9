import type { i18n as I18n, TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { addTexts } from '../../i18n/addTexts';
import { whyEn } from '../../i18n/why';
import { whyKo } from '../../i18n/whyKo';
import { servicesOf, type ServiceNodes, type WhyLink } from '../../engine';
import { nodeName } from '../../i18n';
import { labStore, useLab } from '../../store';
import './why.css';

/** The sentence of one link: its kind's text, with the variant its values call for. */
export function linkText(t: TFunction, i18n: I18n, l: WhyLink, id: string, services: readonly ServiceNodes[]): string {
  const v = l.vars;
  const variant =
    l.kind === 'send-again' ? `_${v.why}`
    : l.kind === 'offset-fetch' && v.committed === 'none' ? '_none'
    : l.kind === 'no-effect' && v.stored === 1 ? '_stored'
    : l.kind === 'effect' && v.other !== undefined ? '_other'
    : l.kind === 'effect' && v.output !== undefined ? '_output'
    : l.kind === 'crash' && !v.lost ? '_nothing'
    : l.kind === 'processing-failed' && v.stage === 'skipped' ? '_skipped'
    : '';
  const lost = String(v.lost ?? '')
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const [what, count] = item.split(':');
      return t(`lost.${what}`, { count: Number(count) });
    })
    .join(', ');
  const node = nodeName(i18n, String(l.nodes[0] ?? ''), services);
  return t(`why.link.${l.kind}${variant}`, { ...v, id, node, lost, leader: v.leader ? nodeName(i18n, String(v.leader), services) : '' });
}

/**
 * The why panel: the chain the store holds, as numbered links in words; each takes the stage to its
 * step. Shown above the stage while a chain is open (the stage highlights its nodes and messages).
 */
export default function WhyPanel() {
  const { t, i18n } = useTranslation();
  // The chain's words come with this chunk (the first page load has only the ledger's buttons').
  addTexts(i18n, 'why', whyEn, whyKo);
  const why = useLab((s) => s.why);
  const cursor = useLab((s) => s.cursor);
  const settings = useLab((s) => s.run.settings);
  const box = useRef<HTMLElement>(null);
  const chain = why?.chain;
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // Opened from the ledger far below: bring the chain, and the stage under it, into view, with the
  // focus on its heading (a keyboard goes on through its links); closed, the focus goes back.
  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && !box.current?.contains(active)) opener.current = active;
    box.current?.scrollIntoView?.({ block: 'start', behavior: 'auto' });
    heading.current?.focus({ preventScroll: true });
  }, [chain]);
  useEffect(
    () => () => {
      // The ledger may have drawn its row anew meanwhile: the same button, found by its test id.
      const was = opener.current;
      const id = was?.getAttribute('data-testid');
      const back = was?.isConnected ? was : id ? document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`) : null;
      if (back && (document.activeElement === null || document.activeElement === document.body)) back.focus();
    },
    [],
  );
  if (!chain) return null;
  const services = servicesOf(settings);
  const target = chain.target;
  const id = target.messageId;
  const title = 'loss' in target ? t('why.heading_loss', { id }) : target.effect === 2 ? t('why.heading_duplicate', { id }) : t('why.heading_effect', { id, n: target.effect });
  const item = (l: WhyLink, i: number) => (
    <li key={`${l.step}:${l.index}`} className={`why-link why-${l.kind}`}>
      <button type="button" data-testid={`why-link-${i}`} data-step={l.step} data-kind={l.kind} aria-current={l.step === cursor ? 'step' : undefined} onClick={() => labStore.getState().seek(l.step)}>
        <span className="why-text">{linkText(t, i18n, l, id, services)}</span>
        <span className="why-step">{t('why.step', { step: l.step })}</span>
      </button>
    </li>
  );
  return (
    <section ref={box} className="panel why-panel" aria-labelledby="why-heading" data-testid="why-chain" data-target={'loss' in target ? 'loss' : `effect-${target.effect}`}>
      <div className="why-head">
        <h2 id="why-heading" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="quiet" data-testid="why-close" onClick={() => labStore.getState().closeWhy()}>
          {t('why.close')}
        </button>
      </div>
      <p className="muted">{t('why.intro')}</p>
      <ol className="why-links">{chain.links.map(item)}</ol>
      {chain.after.length > 0 && (
        <>
          <p className="why-after">{t('why.after')}</p>
          <ol className="why-links" start={chain.links.length + 1}>
            {chain.after.map((l, k) => item(l, chain.links.length + k))}
          </ol>
        </>
      )}
    </section>
  );
}
