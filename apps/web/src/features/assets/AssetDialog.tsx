import type { Asset } from '@dtwin/contracts/assets';
import { useId } from 'react';
import { Dialog } from '../../components/Dialog';
import { FieldFrame } from '../../components/FieldFrame';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { assetOptions } from './asset-forest';
import { checkAssetChanges, checkNewAsset, emptyAsset, valuesOf, type AssetValues } from './asset-form';
import { createAsset, updateAsset } from './assets-api';

const fields = ['id', 'name', 'type', 'parent_id', 'tags', 'properties'] as const;

interface AssetDialogProps {
  /** Every asset, for the parent picker. */
  assets: readonly Asset[];
  /** The asset to edit; without it a new one is made (under `parentId`, if given). */
  editing?: Asset;
  parentId?: string;
  onClose: (saved: Asset | null) => void;
}

/** Adds an asset, or edits one: its name, type, tags, properties, and its parent (which moves it). */
export function AssetDialog({ assets, editing, parentId, onClose }: AssetDialogProps) {
  const http = useHttp();
  const propertiesId = useId();
  const form = useFormFields<AssetValues, unknown>(editing ? valuesOf(editing) : emptyAsset(parentId), {
    validate: editing ? checkAssetChanges : checkNewAsset,
    send: async (body) => {
      const saved = editing
        ? await updateAsset(http, editing.id, body as Parameters<typeof updateAsset>[2])
        : await createAsset(http, body as Parameters<typeof createAsset>[1]);
      onClose(saved);
    },
  });
  const types = [...new Set(assets.map((a) => a.type))].sort();
  const propertiesError = form.errors.properties;

  return (
    <Dialog
      title={editing ? `Edit ${editing.name}` : 'Add an asset'}
      onClose={() => !form.submitting && onClose(null)}
    >
      <FormError
        form={form}
        title={editing ? 'The asset was not saved' : 'The asset was not added'}
        fields={fields}
      />
      <form onSubmit={form.handleSubmit} noValidate>
        <div className="form-grid">
          {!editing && (
            <TextField
              label="Asset ID"
              {...form.bind('id')}
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
              hint="Letters, digits, _ . - (e.g. LINE_A). It cannot change."
              data-autofocus
            />
          )}
          <TextField
            label="Name"
            maxLength={120}
            {...form.bind('name')}
            data-autofocus={editing ? true : undefined}
          />
          <TextField
            label="Type"
            maxLength={40}
            list="asset-types"
            hint="site, area, line, machine… any word your plant uses"
            {...form.bind('type')}
          />
          <datalist id="asset-types">
            {types.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <SelectField
            label={editing ? 'Parent (moves it with everything under it)' : 'Parent'}
            options={assetOptions(assets, { value: '', label: 'None (top level)' }, editing?.id)}
            {...form.bind('parent_id')}
          />
          <TextField
            label="Tags"
            maxLength={400}
            hint="Separated by commas"
            optional
            {...form.bind('tags')}
          />
        </div>
        <FieldFrame
          id={propertiesId}
          label="Properties"
          optional
          hint="One a line: name = value (numbers and true/false are kept as such)"
          error={propertiesError}
        >
          {(describedBy) => (
            <textarea
              id={propertiesId}
              className="input asset-dialog__properties"
              rows={4}
              maxLength={4000}
              spellCheck={false}
              aria-invalid={propertiesError ? true : undefined}
              aria-describedby={describedBy}
              value={form.values.properties}
              onChange={(e) => form.set('properties', e.target.value)}
            />
          )}
        </FieldFrame>
        <FormActions
          submitLabel={editing ? 'Save' : 'Add asset'}
          submitting={form.submitting}
          onCancel={() => onClose(null)}
          inDialog
        />
      </form>
    </Dialog>
  );
}
