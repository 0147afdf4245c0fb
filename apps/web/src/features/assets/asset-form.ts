import {
  createAssetBodySchema,
  type AssetPropertyValue as PropertyValue,
  updateAssetBodySchema,
  type Asset,
  type CreateAssetBody,
  type UpdateAssetBody,
} from '@dtwin/contracts/assets';
import { fieldErrorsFromIssues, type Checked } from '../../lib/form-errors';

/** The asset form as typed: properties one `name = value` a line, tags separated by commas. */
export interface AssetValues {
  id: string;
  name: string;
  type: string;
  /** An asset id, or '' for a top-level asset. */
  parent_id: string;
  tags: string;
  properties: string;
}

export const emptyAsset = (parentId = ''): AssetValues => ({
  id: '',
  name: '',
  type: '',
  parent_id: parentId,
  tags: '',
  properties: '',
});

export function valuesOf(asset: Asset): AssetValues {
  return {
    id: asset.id,
    name: asset.name,
    type: asset.type,
    parent_id: asset.parent_id ?? '',
    tags: asset.tags.join(', '),
    properties: Object.entries(asset.properties)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join('\n'),
  };
}

/** `42` and `-1.5` are numbers, `true`/`false` flags, nothing is null, anything else text (quotes keep `"42"` text). */
export function parseValue(text: string): PropertyValue {
  const t = text.trim();
  if (t === '') return null;
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  const quoted = /^"(.*)"$/.exec(t);
  return quoted ? (quoted[1] ?? '') : t;
}

/** A value as typed in the form, so that parsing it gives it back (text that reads as a number is quoted). */
export function formatValue(value: PropertyValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return parseValue(value) === value && !/^".*"$/.test(value.trim()) ? value : `"${value}"`;
}

/** The property lines as an object, or the first line that is not `name = value`. */
export function parseProperties(
  text: string,
): { ok: true; value: Record<string, PropertyValue> } | { ok: false; error: string } {
  const value: Record<string, PropertyValue> = {};
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!name) return { ok: false, error: `Line ${i + 1}: write name = value.` };
    if (name in value) return { ok: false, error: `Line ${i + 1}: ${name} is given twice.` };
    value[name] = parseValue(line.slice(eq + 1));
  }
  return { ok: true, value };
}

export const parseTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

function common(values: AssetValues) {
  const errors: Record<string, string> = {};
  if (!values.name.trim()) errors.name = 'Enter a name.';
  if (!values.type.trim()) errors.type = 'Enter a type, e.g. site, area, line or machine.';
  const properties = parseProperties(values.properties);
  if (!properties.ok) errors.properties = properties.error;
  return {
    errors,
    fields: {
      name: values.name.trim(),
      type: values.type.trim(),
      parent_id: values.parent_id || null,
      tags: parseTags(values.tags),
      properties: properties.ok ? properties.value : {},
    },
  };
}

function merge<B>(
  errors: Record<string, string>,
  parsed: ReturnType<typeof fieldErrorsFromIssues> | null,
  body: B | null,
): Checked<B> {
  const all = { ...parsed, ...errors };
  return body !== null && Object.keys(all).length === 0 ? { ok: true, body } : { ok: false, errors: all };
}

/** A new asset's body, or what is wrong: plain words for the usual mistakes, the contract's for the rest. */
export function checkNewAsset(values: AssetValues): Checked<CreateAssetBody> {
  const { errors, fields } = common(values);
  if (!values.id.trim()) errors.id = 'Enter an ID, e.g. LINE_A.';
  const parsed = createAssetBodySchema.safeParse({ id: values.id.trim(), ...fields });
  return merge(
    errors,
    parsed.success ? null : fieldErrorsFromIssues(parsed.error.issues),
    parsed.data ?? null,
  );
}

/** The changes to an asset (a new parent moves it with its subtree). */
export function checkAssetChanges(values: AssetValues): Checked<UpdateAssetBody> {
  const { errors, fields } = common(values);
  const parsed = updateAssetBodySchema.safeParse(fields);
  return merge(
    errors,
    parsed.success ? null : fieldErrorsFromIssues(parsed.error.issues),
    parsed.data ?? null,
  );
}
