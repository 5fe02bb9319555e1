// Test helper: how much of a PNG is not (near) white, decoded with @napi-rs/canvas.
import { createCanvas, Image } from '@napi-rs/canvas';

export function nonWhiteFraction(png: Buffer): number {
  const img = new Image();
  img.src = png;
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  let dark = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) dark++;
  return dark / (d.length / 4);
}
