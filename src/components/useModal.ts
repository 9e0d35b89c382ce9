import { useEffect, useRef } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Tab and Shift+Tab go round inside the dialog. A modal `<dialog>` makes the page behind it inert,
 * but Tab from its last control still leaves for the browser's own toolbar before coming back.
 */
function keepTabInside(d: HTMLDialogElement, e: KeyboardEvent): void {
  if (e.key !== 'Tab') return;
  const items = [...d.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
  if (items.length === 0) return;
  const first = items[0]!;
  const last = items.at(-1)!;
  const at = document.activeElement;
  if (e.shiftKey && (at === first || !d.contains(at))) {
    last.focus();
    e.preventDefault();
  } else if (!e.shiftKey && (at === last || !d.contains(at))) {
    first.focus();
    e.preventDefault();
  }
}

/**
 * A `<dialog>` shown as a modal while `open`: the focus stays inside it, Escape closes it and the
 * focus comes back to what had it (the browser's own, for a modal dialog).
 */
export function useModal(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const onKey = (e: KeyboardEvent) => keepTabInside(d, e);
    d.addEventListener('keydown', onKey);
    return () => d.removeEventListener('keydown', onKey);
  }, []);
  return ref;
}
