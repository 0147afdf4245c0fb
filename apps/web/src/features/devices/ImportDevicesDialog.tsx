import {
  DEVICE_IMPORT_MAX_ROWS,
  deviceImportColumns,
  type ImportLineError,
} from '@dtwin/contracts/device-import';
import { useEffect, useState, type ChangeEvent } from 'react';
import { Button } from '../../components/Button';
import { DataTable, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { sentence } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { importDevices, type ImportResult } from './device-import-api';
import './ImportDevicesDialog.css';

const EXAMPLE = 'id,name,model,asset_id,tags\nPUMP_201,Feed pump 201,centrifugal_pump,,water;critical';

interface Problem extends ImportLineError {
  key: string;
  text: string;
}

const problemColumns: Column<Problem>[] = [
  { key: 'line', header: 'Line', render: (p) => p.line },
  { key: 'column', header: 'Column', render: (p) => p.column ?? '—' },
  {
    key: 'reason',
    header: 'Problem',
    render: (p) => (
      <>
        {p.reason}
        {p.text && <code className="import-line">{p.text}</code>}
      </>
    ),
  },
];

/**
 * Bulk provisioning: a CSV file (chosen or pasted) is imported whole or not at all. A refusal
 * lists every bad line beside its content, and the text stays editable to fix and send again;
 * success offers the new devices' tokens once, as a CSV to download.
 */
export function ImportDevicesDialog({ onClose }: { onClose: (imported: number) => void }) {
  const http = useHttp();
  const [csv, setCsv] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [tokensUrl, setTokensUrl] = useState<string | null>(null);

  // The download link's object URL lives as long as the dialog shows it.
  useEffect(() => (tokensUrl ? () => URL.revokeObjectURL(tokensUrl) : undefined), [tokensUrl]);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setCsv(await file.text());
    setResult(null);
  };

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      const next = await importDevices(http, csv);
      if (next.ok) setTokensUrl(URL.createObjectURL(next.tokens));
      setResult(next);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  if (result?.ok) {
    return (
      <Dialog title={`${result.count} devices were imported`} onClose={() => onClose(result.count)}>
        <div className="dialog__body">
          <p>
            Each device has a new token for MQTT or HTTP. They are shown only now: download them and keep the
            file safe.
          </p>
          {tokensUrl && (
            <a className="btn btn--primary" href={tokensUrl} download={result.fileName}>
              Download the tokens ({result.fileName})
            </a>
          )}
        </div>
        <div className="dialog__footer">
          <Button variant="primary" onClick={() => onClose(result.count)}>
            I have the tokens
          </Button>
        </div>
      </Dialog>
    );
  }

  const lines = csv.split(/\r?\n/);
  const problems: Problem[] =
    result && !result.ok
      ? result.lines.map((p, i) => ({ ...p, key: `${p.line}-${i}`, text: lines[p.line - 1] ?? '' }))
      : [];

  return (
    <Dialog title="Import devices from CSV" onClose={() => !sending && onClose(0)}>
      <div className="dialog__body import-dialog">
        <p>
          One device per line, up to {DEVICE_IMPORT_MAX_ROWS}; the first line names the columns. Required:{' '}
          <code>id</code>, <code>name</code>, <code>model</code>. Optional:{' '}
          {deviceImportColumns.slice(3).map((c, i) => (
            <span key={c}>
              {i > 0 && ', '}
              <code>{c}</code>
            </span>
          ))}
          . Tags are separated by <code>;</code>. All lines are imported, or none.
        </p>
        <label className="field">
          <span className="field__label">CSV file</span>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e)} />
        </label>
        <label className="field">
          <span className="field__label">Content (edit it here to fix a line)</span>
          <textarea
            className="import-text"
            rows={8}
            spellCheck={false}
            wrap="off"
            placeholder={EXAMPLE}
            value={csv}
            onChange={(e) => {
              setCsv(e.target.value);
            }}
          />
        </label>
        {error !== null && <ErrorBanner title="The file was not imported" error={error} />}
        {result && !result.ok && (
          <div className="import-problems" role="alert">
            <p className="banner__title">{sentence(result.message)}</p>
            <DataTable
              caption="Lines with problems"
              columns={problemColumns}
              rows={problems}
              rowKey={(p) => p.key}
            />
          </div>
        )}
      </div>
      <div className="dialog__footer">
        <Button onClick={() => onClose(0)} disabled={sending}>
          Cancel
        </Button>
        <Button variant="primary" busy={sending} disabled={csv.trim() === ''} onClick={() => void send()}>
          Import
        </Button>
      </div>
    </Dialog>
  );
}
