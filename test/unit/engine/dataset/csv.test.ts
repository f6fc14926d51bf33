import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvField, parseCsv } from '../../../../src/engine/dataset/csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and keeps each row’s first line', () => {
    const t = parseCsv('\uFEFFa,b\r\n1,"x, ""y"""\n2,"multi\nline"\n\n3,z', 'f.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { line: 2, fields: ['1', 'x, "y"'] },
      { line: 3, fields: ['2', 'multi\nline'] },
      { line: 6, fields: ['3', 'z'] },
    ]);
  });

  it('names the line where an unclosed quote opens', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n', 'm.csv')).toThrowError(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,2\n3,"open\n4,5\n', 'm.csv');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(3);
      expect((e as Error).message).toMatch(/^m\.csv:3: unclosed quote/);
    }
  });

  it('quotes output fields only when needed, and parses them back', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ' edge'];
    const text = 'h\n' + values.map(csvField).join('\n');
    expect(parseCsv(text, 'x').rows.map((r) => r.fields[0])).toEqual(values);
    expect(csvField('plain')).toBe('plain');
  });
});
