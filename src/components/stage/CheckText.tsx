/** The broker's check in words: its own chunk, with the trace's words (explain.ts), fetched after the first render. */
import { useTranslation } from 'react-i18next';
import type { TraceEvent } from '../../engine';
import { explain } from '../../i18n/explain';

export default function CheckText({ event, partitions }: { event: TraceEvent; partitions: number }) {
  const { i18n } = useTranslation();
  return <>{explain(i18n, event, partitions)}</>;
}
