import { describe, expect, it } from 'vitest';
import { makeAsset } from '../../test/asset-fixtures';
import {
  checkAssetChanges,
  formatValue,
  parseProperties,
  parseTags,
  parseValue,
  valuesOf,
} from './asset-form';

describe('asset form', () => {
  it('reads typed property values, and writes them back so they read the same', () => {
    expect(parseValue(' 42 ')).toBe(42);
    expect(parseValue('-1.5e3')).toBe(-1500);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('')).toBeNull();
    expect(parseValue('"42"')).toBe('42');
    expect(parseValue('Grundfos CR 10')).toBe('Grundfos CR 10');
    for (const value of [42, true, null, 'Grundfos', '42', 'false', ' padded '])
      expect(parseValue(formatValue(value))).toEqual(value);
  });

  it('names the line that is not name = value, or repeats a name', () => {
    expect(parseProperties('a = 1\n\nb = x')).toEqual({ ok: true, value: { a: 1, b: 'x' } });
    expect(parseProperties('a = 1\nno equals')).toEqual({ ok: false, error: 'Line 2: write name = value.' });
    expect(parseProperties('a = 1\na = 2')).toEqual({ ok: false, error: 'Line 2: a is given twice.' });
    expect(parseTags(' pumps, , spare,pumps ')).toEqual(['pumps', 'spare']);
  });

  it('turns an edited asset back into the body that PATCH takes, top level as null', () => {
    const asset = makeAsset({ id: 'L1', name: 'Line 1', type: 'line', properties: { kw: 75, code: '007' } });
    const checked = checkAssetChanges({ ...valuesOf(asset), parent_id: '' });
    expect(checked).toEqual({
      ok: true,
      body: { name: 'Line 1', type: 'line', parent_id: null, tags: [], properties: { kw: 75, code: '007' } },
    });
    const bad = checkAssetChanges({ ...valuesOf(asset), type: 'two words' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.type).toMatch(/letters, digits/);
  });
});
