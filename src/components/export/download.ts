/** Hands a file to the browser's downloads: a Blob behind an <a download>. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The download has its own copy once started.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
