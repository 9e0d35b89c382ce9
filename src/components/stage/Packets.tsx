import { AnimatePresence, LazyMotion, MotionConfig, domAnimation, m, useMotionValue } from 'framer-motion';
import { memo, useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { progressAt, type Packet } from '../../engine';
import { labStore, useLab } from '../../store';
import type { VirtualClock } from '../../store/clock';
import { pointOn, type Link } from './layout';
import { useMotionOff } from '../motion';
import { familyOf, isBackground, isResponse, packetGlyph, packetLabel, packetMessages } from './packetText';

/** About how wide a label of `n` characters is, in stage units (the stage's font is 13 units). */
const labelWidth = (text: string) => Math.max(26, text.length * 8 + 16);

/**
 * One packet on its link. Its position is derived from the virtual clock on every tick without a
 * React render: the clock sets two motion values, framer-motion moves the element.
 */
const PacketView = memo(function PacketView({ p, link, clock, lost, highlighted }: { p: Packet; link: Link; clock: VirtualClock; lost: boolean; highlighted: boolean }) {
  const { t } = useTranslation();
  const still = useMotionOff();
  const x = useMotionValue(0);
  const y = useMotionValue(0);
  useLayoutEffect(() => {
    // Reduced motion: a packet does not glide with the clock but jumps, step by step, to where it
    // is at the step shown.
    const place = (now: number) => {
      const s = labStore.getState();
      const at = pointOn(link, p.from, progressAt(p, still ? (s.timeline.steps[s.cursor]?.time ?? now) : now));
      x.set(at.x);
      y.set(at.y);
    };
    place(clock.get());
    return clock.subscribe(place);
  }, [p, link, clock, x, y, still]);
  const small = isBackground(p) && !lost;
  const text = small ? '' : packetLabel(t, p);
  const w = small ? 16 : labelWidth(text) + (p.retry ? 16 : 0);
  const h = small ? 16 : 24;
  const family = familyOf(p.kind);
  const shape = isResponse(p.kind) ? 'response' : 'request';
  const droppable = !lost && p.copyOf === undefined;
  const name = `${p.kind} #${p.nth}${p.retry ? ` (${t('stage.packet.retry')})` : ''}`;
  return (
    <m.g
      style={{ x, y }}
      className={`packet fam-${family} ${shape}${lost ? ' lost' : ''}${p.retry ? ' retry' : ''}${small ? ' small' : ''}${highlighted ? ' highlighted' : ''}`}
      data-testid={`packet-${p.kind}-${p.nth}${p.copyOf !== undefined ? '-copy' : ''}`}
      data-kind={p.kind}
      data-shape={shape}
      data-lost={lost ? 'true' : undefined}
      data-highlighted={highlighted ? 'true' : undefined}
      initial={still ? false : { opacity: 0 }}
      animate={{ opacity: 1 }}
      exit={{ opacity: 0, transition: { duration: still ? 0 : lost ? 0.6 : 0.15 } }}
      {...(droppable
        ? {
            role: 'button',
            tabIndex: small ? -1 : 0,
            'aria-label': `${name}: ${t('stage.packet.dropHint')}`,
            onClick: () => dropPacket(p),
            onKeyDown: (e: React.KeyboardEvent) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                e.stopPropagation();
                dropPacket(p);
              }
            },
          }
        : { 'aria-label': lost ? `${name}: ${t('stage.packet.lost')}` : name })}
    >
      <title>{droppable ? `${name}: ${t('stage.packet.dropHint')}` : name}</title>
      <rect x={-w / 2} y={-h / 2} width={w} height={h} rx={shape === 'response' ? h / 2 : 3} />
      {/* The focus ring (SVG has no outline of its own): shown by CSS on :focus-visible only. */}
      {droppable && !small && <rect className="focus-ring" x={-w / 2 - 5} y={-h / 2 - 5} width={w + 10} height={h + 10} rx={shape === 'response' ? h / 2 + 5 : 6} aria-hidden="true" />}
      {small ? (
        // Not colour alone: a small packet's letter says its family (Fetch, Replica, Metadata, ♥).
        <text y={4} textAnchor="middle" className="packet-glyph" aria-hidden="true">
          {packetGlyph(p)}
        </text>
      ) : (
        <text x={p.retry ? 8 : 0} y={5} textAnchor="middle">
          {text}
        </text>
      )}
      {p.retry && !small && (
        <text x={-w / 2 + 9} y={4} className="retry-mark" aria-hidden="true">
          ↻
        </text>
      )}
      {p.copyOf !== undefined && !small && (
        <text y={-h / 2 - 4} textAnchor="middle" className="packet-note">
          {t('stage.packet.copy')}
        </text>
      )}
      {lost && (
        <g className="lost-mark" aria-hidden="true">
          <path d={`M ${-w / 2 - 4} ${-h / 2 - 4} L ${w / 2 + 4} ${h / 2 + 4} M ${w / 2 + 4} ${-h / 2 - 4} L ${-w / 2 - 4} ${h / 2 + 4}`} />
          <text y={h / 2 + 16} textAnchor="middle">
            {t('stage.packet.lost')}
          </text>
        </g>
      )}
    </m.g>
  );
});

/** Loses this packet where it is now: a drop fault for it at the clock's time (after the step shown), which forks the run. */
function dropPacket(p: Packet) {
  const s = labStore.getState();
  const cursorTime = s.timeline.steps[s.cursor]!.time;
  s.addFault({ type: 'drop', message: p.kind, nth: p.nth, atMs: Math.max(cursorTime + 1, Math.floor(s.clock.get())) });
}

/**
 * Every packet on the wire at the cursor, and the ones just lost (a red cross, fading). This
 * module is the page's only user of framer-motion and is loaded after the first render (the
 * stage's default export, for React.lazy): at a run's first step nothing is on the wire yet.
 */
export default function Packets({ links }: { links: readonly Link[] }) {
  const motionOff = useMotionOff();
  return (
    <LazyMotion features={domAnimation} strict>
      <MotionConfig reducedMotion={motionOff ? 'always' : 'user'} transition={motionOff ? { duration: 0 } : undefined}>
        <PacketsOnWire links={links} />
      </MotionConfig>
    </LazyMotion>
  );
}

function PacketsOnWire({ links }: { links: readonly Link[] }) {
  const inFlight = useLab((s) => s.inFlight);
  const dropped = useLab((s) => s.dropped);
  const clock = useLab((s) => s.clock);
  // A jump shows the packets at once: a new presence, so the old ones go without fading and the new
  // ones come without fading in (moving on by one step animates both).
  const jump = useLab((s) => s.jump);
  const focus = useLab((s) => s.lesson?.steps[s.lesson.index]?.messages);
  // An open why-chain highlights its own network messages (and then only those).
  const why = useLab((s) => s.why?.netIds);
  const highlighted = (p: Packet) => (why ? why.has(p.id) || (p.copyOf !== undefined && why.has(p.copyOf)) : focus !== undefined && packetMessages(p).some((m) => focus.includes(m)));
  const linkOf = (p: Packet) => links.find((l) => (l.a === p.from && l.b === p.to) || (l.a === p.to && l.b === p.from));
  return (
    <AnimatePresence key={jump} initial={false}>
        {[...inFlight.map((p) => ({ p, lost: false })), ...dropped.map((p) => ({ p, lost: true }))].map(({ p, lost }) => {
          const link = linkOf(p);
          return link ? <PacketView key={`${p.id}${lost ? 'x' : ''}`} p={p} link={link} clock={clock} lost={lost} highlighted={highlighted(p)} /> : null;
        })}
    </AnimatePresence>
  );
}
