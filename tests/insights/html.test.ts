/**
 * The HTML report, opened in headless Chromium (Debian's `chromium`, installed
 * by this file's setup when missing and we are root; skipped with the reason
 * otherwise): the chart and the tables are there, and the chart's bars are
 * visible in a screenshot. The screenshot and the page are kept in
 * tests/artifacts/ (git-ignored) to look at.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { toHtml } from '../../src/insights/html.js';
import { buildReport } from '../../src/insights/report.js';
import { chromiumArgs, ensureChromium } from './chromium.js';
import { ANSWERED, askAll, interleave, KNOWLEDGE, OTHER_UNANSWERED, openRecorder, removeDir, ROOT, silentLogger, tempDir, WIFI } from './helpers.js';

export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const HOSTILE = '<img src=x onerror=alert(1)> wifi "pw" & </table>';

let dir: string;
let html: string;
let htmlPath: string;
let chromium: { path: string } | { reason: string };

beforeAll(async () => {
  dir = await tempDir();
  const hallway = await Hallway.load(KNOWLEDGE);
  const { logger } = silentLogger();
  const { store, recorder } = openRecorder(join(dir, 'h.sqlite'), logger);
  const texts = [...interleave<string>(WIFI, OTHER_UNANSWERED, ANSWERED), HOSTILE];
  // Spread over several days so the chart has several bars.
  const asked = askAll(hallway, recorder.observer, texts, new Date('2026-11-20T08:00:00Z'));
  askAll(hallway, recorder.observer, texts.slice(0, 30), new Date('2026-11-22T08:00:00Z'));
  askAll(hallway, recorder.observer, texts.slice(10, 25), new Date('2026-11-24T08:00:00Z'));
  const answered = asked.filter((a) => a.reply.status === 'answer');
  for (const [i, a] of answered.slice(0, 3).entries()) recorder.vote({ questionId: a.questionId, platform: 'slack', voterId: `U0V${i}`, vote: -1 });
  await recorder.settled();
  const report = buildReport(store.questions(), store.votes(), { hallway, now: new Date('2026-11-25T00:00:00Z') });
  recorder.stop();
  store.close();
  html = toHtml(report);
  mkdirSync(ARTIFACTS, { recursive: true });
  htmlPath = join(ARTIFACTS, 'insights-report.html');
  writeFileSync(htmlPath, html);
  chromium = ensureChromium();
}, 660_000);

afterAll(async () => {
  await removeDir(dir);
});

/** Decodes an 8-bit RGB or RGBA PNG (as Chromium writes screenshots) into rows of pixels. */
function decodePng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number] } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      colorType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  expect(bpp).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      const x = line[i]!;
      let v: number;
      if (filter === 0) v = x;
      else if (filter === 1) v = x + a;
      else if (filter === 2) v = x + b;
      else if (filter === 3) v = x + ((a + b) >> 1);
      else {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      out[y * stride + i] = v & 0xff;
    }
  }
  return { width, height, pixel: (x, y) => [out[y * stride + x * bpp]!, out[y * stride + x * bpp + 1]!, out[y * stride + x * bpp + 2]!] };
}

function countColour(img: ReturnType<typeof decodePng>, rgb: readonly [number, number, number], tolerance = 8): number {
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const p = img.pixel(x, y);
      if (Math.abs(p[0] - rgb[0]) <= tolerance && Math.abs(p[1] - rgb[1]) <= tolerance && Math.abs(p[2] - rgb[2]) <= tolerance) n++;
    }
  }
  return n;
}

describe('the HTML report file', () => {
  it('is self-contained: no script, no external resource, a CSP that allows none', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<svg id="per-day"/);
  });

  it('escapes every user text', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</table>"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; wifi &quot;pw&quot; &amp; &lt;/table&gt;');
  });
});

describe('the HTML report in headless Chromium', () => {
  it('shows the chart and the tables (DOM as Chromium parsed it)', (ctx) => {
    if ('reason' in chromium) return ctx.skip(`chromium unavailable: ${chromium.reason}`);
    const profile = join(dir, 'profile-dom');
    const r = spawnSync(chromium.path, [...chromiumArgs(profile), '--dump-dom', `file://${htmlPath}`], { encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr.slice(-500)).toBe(0);
    const dom = r.stdout;
    expect(dom).toMatch(/<svg[^>]*id="per-day"/);
    // Questions on 20, 22 and 24 November: one bar pair per day from the 20th to the 24th, the 21st and 23rd empty.
    expect((dom.match(/<rect class="answered"/g) ?? []).length).toBe(5);
    expect((dom.match(/<rect class="unanswered"/g) ?? []).length).toBe(5);
    expect(dom).toMatch(/2026-11-21: 0 answered/);
    for (const id of ['unanswered', 'disliked', 'entities', 'platforms']) expect(dom).toMatch(new RegExp(`<table id="${id}"`));
    // The first unanswered row is the Wi-Fi group; the hostile text is text, not an element.
    expect(dom).toMatch(/<table id="unanswered">[\s\S]*?<tr><td class="n">1<\/td><td class="n">\d+<\/td>/);
    expect(dom).not.toMatch(/<img /);
  });

  it('renders the chart visibly (a screenshot kept in tests/artifacts/insights-report.png)', (ctx) => {
    if ('reason' in chromium) return ctx.skip(`chromium unavailable: ${chromium.reason}`);
    const shot = join(ARTIFACTS, 'insights-report.png');
    const profile = join(dir, 'profile-shot');
    const r = spawnSync(
      chromium.path,
      [...chromiumArgs(profile), '--hide-scrollbars', `--screenshot=${shot}`, '--window-size=1200,1600', `file://${htmlPath}`],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.status, r.stderr.slice(-500)).toBe(0);
    const img = decodePng(readFileSync(shot));
    expect(img.width).toBe(1200);
    // The answered (teal) and unanswered (amber) bars are painted: thousands of pixels of each colour.
    expect(countColour(img, [0x2f, 0x9e, 0x8f])).toBeGreaterThan(2000);
    expect(countColour(img, [0xe0, 0xa5, 0x26])).toBeGreaterThan(2000);
  });
});
