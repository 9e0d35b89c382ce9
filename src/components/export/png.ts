/**
 * An SVG drawing as a PNG: drawn through an <img> onto a canvas at twice the CSS size (sharp on a
 * high-density screen and on a projector), less when the canvas would pass the browser's limits.
 */

/** Chromium's largest canvas side, and an area well inside every browser's limit. */
const MAX_SIDE = 32_767;
const MAX_AREA = 200_000_000;

/** The scale a `width` x `height` drawing gets: 2, or what keeps the canvas within the limits. */
export function pngScale(width: number, height: number, wanted = 2): number {
  return Math.min(wanted, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height)));
}

export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = pngScale(width, height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(width * scale);
    canvas.height = Math.floor(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this browser');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG (too large?)'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
