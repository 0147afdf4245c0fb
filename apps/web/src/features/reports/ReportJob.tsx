import { reportJobResultSchema } from '@dtwin/contracts/reports';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useHttp } from '../../lib/http-context';
import { ProgressBar } from './ProgressBar';
import { downloadReport } from './reports-api';
import { saveFile } from './save-file';
import { useJob } from './use-job';

interface ReportJobProps {
  jobId: string;
  label: string;
  /** Called once when the report is ready (to refresh the list of reports). */
  onReady: () => void;
}

/** A report being rendered: its progress while the worker runs, then a download button. */
export function ReportJob({ jobId, label, onReady }: ReportJobProps) {
  const http = useHttp();
  const { job, error } = useJob(jobId);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const result = job?.status === 'succeeded' ? reportJobResultSchema.safeParse(job.result).data : undefined;

  // Once per finished report, however often the page renders.
  const announced = useRef<string | null>(null);
  useEffect(() => {
    if (result && announced.current !== result.report_id) {
      announced.current = result.report_id;
      onReady();
    }
  }, [result, onReady]);

  async function download(url: string) {
    setDownloading(true);
    setDownloadError(null);
    try {
      saveFile(await downloadReport(http, url), 'digital-twin-report');
    } catch (err) {
      setDownloadError(err);
    } finally {
      setDownloading(false);
    }
  }

  const status =
    job === null
      ? 'Starting…'
      : job.status === 'queued'
        ? 'Waiting for a worker…'
        : job.status === 'running'
          ? 'Gathering data and drawing charts…'
          : job.status === 'succeeded'
            ? 'Ready'
            : 'Failed';

  return (
    <div className="report-job" aria-live="polite">
      <p className="report-job__title">
        <strong>{label}</strong> <span className="report-job__status">{status}</span>
      </p>
      {job?.status !== 'failed' && !result && (
        <ProgressBar
          label={`Progress of the report: ${label}`}
          value={job?.status === 'running' ? job.progress : job ? 0 : null}
        />
      )}
      {job?.status === 'failed' && (
        <ErrorBanner title="The report could not be made" error={job.error ?? 'The worker gave no reason.'} />
      )}
      {error !== null && job?.status !== 'failed' && (
        <ErrorBanner title="Could not check on the report; still trying" error={error} />
      )}
      {result && (
        <Button variant="primary" busy={downloading} onClick={() => void download(result.download_url)}>
          Download
        </Button>
      )}
      {downloadError !== null && <ErrorBanner title="The report was not downloaded" error={downloadError} />}
    </div>
  );
}
