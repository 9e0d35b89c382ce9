import { useEffect, useRef } from 'react';

/** A `<dialog>` shown as a modal while `open` (Escape closes it and focus comes back: the browser's own). */
export function useModal(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return ref;
}
