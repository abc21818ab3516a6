#!/usr/bin/env node
'use strict';
/**
 * Writes the add-in icons (assets/icon-16/32/64/80.png and assets/logo-filled.png):
 * a teal rounded square with a white check mark, anti-aliased by 4x4 supersampling.
 * Pure Node (zlib + a CRC32), no image library. Run: node scripts/make-icons.js
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const TEAL = [0x0f, 0x76, 0x6e]; // #0F766E
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

/** Encodes RGBA pixels (Uint8Array, width*height*4) as a PNG. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Signed distance to a rounded square of half-size h and corner radius r, centred at 0.5. */
function roundedSquare(x, y, h, r) {
  const qx = Math.abs(x - 0.5) - (h - r);
  const qy = Math.abs(y - 0.5) - (h - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const CHECK = [
  [0.28, 0.53],
  [0.43, 0.68],
  [0.73, 0.35],
];

function render(size) {
  const margin = size <= 16 ? 0.5 / size : 1 / 32; // keep a hair of transparent edge
  const h = 0.5 - margin;
  const r = 0.22;
  // Stroke at least ~2 px wide at 16 px so the check stays legible on the ribbon.
  const stroke = Math.max(0.11, 2.1 / size) / 2;
  const ss = 4;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let inside = 0;
      let mark = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = (x + (sx + 0.5) / ss) / size;
          const v = (y + (sy + 0.5) / ss) / size;
          if (roundedSquare(u, v, h, r) <= 0) {
            inside++;
            const d = Math.min(
              segmentDistance(u, v, ...CHECK[0], ...CHECK[1]),
              segmentDistance(u, v, ...CHECK[1], ...CHECK[2]),
            );
            if (d <= stroke) mark++;
          }
        }
      }
      const n = ss * ss;
      const i = (y * size + x) * 4;
      const a = inside / n;
      const m = inside ? mark / inside : 0;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(TEAL[c] * (1 - m) + WHITE[c] * m);
      px[i + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, size, px);
}

function main() {
  const outDir = path.resolve(__dirname, '..', 'assets');
  fs.mkdirSync(outDir, { recursive: true });
  const outputs = [
    ...[16, 32, 64, 80].map((s) => [`icon-${s}.png`, s]),
    ['logo-filled.png', 128],
  ];
  for (const [name, size] of outputs) {
    const png = render(size);
    fs.writeFileSync(path.join(outDir, name), png);
    console.log(`assets/${name}: ${size}x${size}, ${png.length} bytes`);
  }
}

if (require.main === module) main();

module.exports = { render, encodePng };
