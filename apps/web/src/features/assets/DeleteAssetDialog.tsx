import type { Asset } from '@dtwin/contracts/assets';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { isApiError } from '../../lib/api-error';
import { useHttp } from '../../lib/http-context';
import { deleteAsset } from './assets-api';

interface DeleteAssetDialogProps {
  asset: Asset;
  onCancel: () => void;
  onDeleted: () => void;
}

type Step =
  | { kind: 'ask'; busy: boolean; error: unknown }
  | { kind: 'in-use'; message: string; busy: boolean; error: unknown };

/**
 * Deletes an asset. The server refuses (409) while children, devices or report schedules hang on
 * it; the dialog then says so in its words and offers to detach them first (they stay, without
 * this parent).
 */
export function DeleteAssetDialog({ asset, onCancel, onDeleted }: DeleteAssetDialogProps) {
  const http = useHttp();
  const [step, setStep] = useState<Step>({ kind: 'ask', busy: false, error: null });

  async function run(detach: boolean) {
    setStep((s) => ({ ...s, busy: true, error: null }));
    try {
      await deleteAsset(http, asset.id, detach);
      onDeleted();
    } catch (error) {
      if (!detach && isApiError(error) && error.status === 409)
        setStep({ kind: 'in-use', message: error.message, busy: false, error: null });
      else setStep((s) => ({ ...s, busy: false, error }));
    }
  }

  if (step.kind === 'in-use')
    return (
      <ConfirmDialog
        title={`${asset.name} is in use`}
        confirmLabel="Detach and delete"
        busy={step.busy}
        error={step.error}
        onCancel={onCancel}
        onConfirm={() => void run(true)}
      >
        <p role="status" className="asset-delete__refusal">
          {step.message}
        </p>
        <p>
          Detach and delete: its child assets move to the top level, its devices are no longer attached to any
          asset, and report schedules narrowed to it report on the whole fleet. Nothing else is deleted.
        </p>
      </ConfirmDialog>
    );

  return (
    <ConfirmDialog
      title={`Delete ${asset.name}?`}
      confirmLabel="Delete asset"
      busy={step.busy}
      error={step.error}
      onCancel={onCancel}
      onConfirm={() => void run(false)}
    >
      <p>
        The asset <code>{asset.id}</code> is removed from the hierarchy. Its devices and their data are kept.
      </p>
    </ConfirmDialog>
  );
}
