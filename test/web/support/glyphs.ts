// Whether the browser has a font for Chinese: without one, every CJK character is drawn as the
// same missing-glyph box ("tofu"), which a screenshot shows and no text assertion notices.
import type { Page } from 'playwright-core';

/**
 * Draws each character in the page's own font and compares pixels: a character counts as
 * rendered when it leaves ink, looks unlike a character no font has (U+10FFFD, private use),
 * and unlike the other characters (tofu boxes are all alike).
 */
export async function cjkGlyphsRender(page: Page, characters: string[]): Promise<Record<string, boolean>> {
  return page.evaluate((chars) => {
    // Runs in the page; the project compiles without the DOM library, so the few browser calls
    // used here are typed by hand.
    const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
    const family = getComputedStyle(document.body).fontFamily;
    const draw = (char: string): string => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, 64, 64);
      context.fillStyle = '#000';
      context.font = `48px ${family}`;
      context.textBaseline = 'top';
      context.fillText(char, 4, 4);
      const pixels = context.getImageData(0, 0, 64, 64).data;
      // One bit per pixel: dark or not, so antialiasing noise does not matter.
      let bits = '';
      for (let i = 0; i < pixels.length; i += 4) bits += (pixels[i] ?? 255) < 128 ? '1' : '0';
      return bits;
    };
    const missing = draw('\u{10FFFD}');
    const drawn = new Map(chars.map((c) => [c, draw(c)]));
    const result: Record<string, boolean> = {};
    for (const [char, bits] of drawn) {
      const inked = bits.includes('1');
      const unique = [...drawn].every(([other, b]) => other === char || b !== bits);
      result[char] = inked && bits !== missing && unique;
    }
    return result;
  }, characters);
}

interface Canvas2d {
  fillStyle: string;
  font: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

interface BrowserGlobals {
  document: {
    body: unknown;
    createElement(tag: 'canvas'): { width: number; height: number; getContext(kind: '2d'): Canvas2d };
  };
  getComputedStyle(element: unknown): { fontFamily: string };
}
