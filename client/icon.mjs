// Draws the extension's icon, client/icon.png (128×128): three shipping containers moored at a quay over water,
// on a rounded navy square. Plain shapes rendered with 4×4 supersampling and written as a PNG with node:zlib —
// no image library, no copied art. Deterministic: the same bytes on every run.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;

/** Is (x, y) inside the rounded rectangle [x0, x1) × [y0, y1) with corner radius r? */
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const NAVY = [22, 52, 92];
const NAVY_DEEP = [13, 33, 61];
const WATER = [64, 156, 214];
const QUAY = [226, 232, 240];
const CONTAINERS = [
  // [x0, y0, x1, y1, colour]
  [22, 62, 62, 86, [242, 153, 74]],
  [66, 62, 106, 86, [86, 196, 160]],
  [44, 36, 84, 60, [246, 246, 246]],
];

/** The colour at a (sub)pixel, or null outside the icon's rounded square. */
function shade(x, y) {
  if (!inRoundRect(x, y, 0, 0, SIZE, SIZE, 26)) return null;
  // Background: a vertical gradient.
  const t = y / SIZE;
  let c = NAVY.map((v, i) => v + (NAVY_DEEP[i] - v) * t);
  // Water: two gentle waves below the quay.
  const wave = (base, amp, phase) => base + amp * Math.sin((x / SIZE) * Math.PI * 4 + phase);
  if (y > wave(100, 2.5, 0)) c = WATER;
  if (y > wave(110, 2.5, 1.6)) c = WATER.map((v) => v * 0.8);
  // The quay the containers stand on.
  if (inRoundRect(x, y, 14, 88, 114, 96, 2)) c = QUAY;
  for (const [x0, y0, x1, y1, colour] of CONTAINERS) {
    if (!inRoundRect(x, y, x0, y0, x1, y1, 2.5)) continue;
    c = colour;
    // Corrugation: vertical ribs, darker, inside a frame.
    const inner = x > x0 + 4 && x < x1 - 4 && y > y0 + 4 && y < y1 - 4;
    if (inner && Math.floor((x - x0 - 4) / 4) % 2 === 1) c = colour.map((v) => v * 0.82);
  }
  return c;
}

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        a++;
      }
    }
    const o = (py * SIZE + px) * 4;
    if (a > 0) {
      pixels[o] = Math.round(r / a);
      pixels[o + 1] = Math.round(g / a);
      pixels[o + 2] = Math.round(b / a);
    }
    pixels[o + 3] = Math.round((a / (SS * SS)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'icon.png'), png);
