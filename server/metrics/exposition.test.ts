import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  ChunkWriter,
  escapeLabelValue,
  FamilySamples,
  familyHeader,
  formatValue,
  label,
} from './exposition.ts';

const text = (writer: ChunkWriter) => Buffer.concat(writer.take()).toString();

describe('exposition text', () => {
  it('writes a family as prom-client writes the same gauge', async () => {
    const registry = new Registry();
    const help = 'Odd \\ help\nover two lines.';
    const gauge = new Gauge({ name: 'g', help, labelNames: ['a', 'b'], registers: [registry] });
    const def = { name: 'g', help, type: 'gauge' as const, labels: ['a', 'b'] };
    const writer = new ChunkWriter();
    writer.write(familyHeader(def, 'prometheus'));
    const out = new FamilySamples('g', writer, true);
    const values = [
      1,
      -0.5,
      1e21,
      2 ** 53 + 2,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    values.forEach((value, i) => {
      const b = `v"${i}\\\n`;
      gauge.set({ a: 'x', b }, value);
      out.set(`${label('a', 'x')},${label('b', b)}`, value);
    });
    gauge.set({ a: 'x', b: 'v"0\\\n' }, 7); // set twice: first place, last value
    out.set(`${label('a', 'x')},${label('b', 'v"0\\\n')}`, 7);
    out.flush();
    expect(text(writer)).toBe(await registry.getSingleMetricAsString('g'));
  });

  it('skips unknown values with setKnown, and writes nothing for an empty family', () => {
    const writer = new ChunkWriter();
    const out = new FamilySamples('g', writer, false);
    out.setKnown('a="1"', null);
    out.setKnown('a="2"', undefined);
    out.setKnown('a="3"', Number.NaN);
    expect(out.size).toBe(0);
    expect(writer.take()).toEqual([]);
    out.setKnown('a="4"', 0);
    expect(text(writer)).toBe('\ng{a="4"} 0');
  });

  it('hands out the text in slices of its buffers, across buffer ends and multi-byte characters', () => {
    const writer = new ChunkWriter();
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `\nkafka_lag{topic="tø-${i}",x="${'é'.repeat(i % 7)}"} ${i}`,
    );
    let expected = '';
    // A taken chunk is valid until the next write: read each at once, as the gzip stream does.
    let read = '';
    let chunks = 0;
    const take = () => {
      for (const chunk of writer.take()) {
        read += chunk.toString();
        chunks++;
      }
    };
    lines.forEach((line, i) => {
      writer.write(line);
      expected += line;
      if (i % 9_999 === 0) take();
    });
    writer.write('x'.repeat(400_000)); // longer than a buffer can take
    expected += 'x'.repeat(400_000);
    take();
    expect(chunks).toBeGreaterThan(3);
    expect(read).toBe(expected);
  });

  it('reuses its buffers from one take to the next', () => {
    const writer = new ChunkWriter();
    writer.write('first');
    const [first] = writer.take();
    writer.write('second');
    const [second] = writer.take();
    expect(second!.toString()).toBe('second');
    expect(second!.buffer).toBe(first!.buffer);
    expect(first!.toString()).toBe('secon'); // overwritten: the first chunk was valid until this write
  });

  it('types untyped families as unknown in OpenMetrics', () => {
    const def = { name: 'x_sum', help: 'Sum.', type: 'untyped' as const, labels: [] };
    expect(familyHeader(def, 'prometheus')).toBe('# HELP x_sum Sum.\n# TYPE x_sum untyped');
    expect(familyHeader(def, 'openmetrics')).toBe('# HELP x_sum Sum.\n# TYPE x_sum unknown');
  });

  it('escapes label values only where needed', () => {
    expect(escapeLabelValue('plain-topic.1')).toBe('plain-topic.1');
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(formatValue(Number.NaN)).toBe('Nan');
  });
});
