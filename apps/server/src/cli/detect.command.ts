import { type Command, InvalidArgumentError } from 'commander';
import { runDetect } from '../analytics/anomaly/detect';

const columnList = (value: string) => {
  const columns = value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (columns.length === 0)
    throw new InvalidArgumentError('must name at least one column, e.g. vibration,current');
  if (new Set(columns).size !== columns.length)
    throw new InvalidArgumentError('must not name a column twice');
  return columns;
};

const delimiter = (value: string) => {
  const d = value === '\\t' || value.toLowerCase() === 'tab' ? '\t' : value;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r')
    throw new InvalidArgumentError('must be a single character such as , ; or tab');
  return d;
};

export function registerDetectCommand(program: Command) {
  program
    .command('detect')
    .description(
      'score a CSV from standard input for anomalies: reads a header (e.g. "timestamp,value") and writes one score in [0, 1) per row, in order, each using only that row and the rows before it',
    )
    .option(
      '--columns <names>',
      'comma-separated columns to score together; each row then gets the combined (device) score',
      columnList,
    )
    .option(
      '--delimiter <char>',
      'field delimiter (default: , ; or tab, whichever the header uses)',
      delimiter,
    )
    .option(
      '--explain',
      'write one JSON object per row with the score and its evidence instead of a bare score',
    )
    .addHelpText(
      'after',
      `
Without --columns the "value" column is scored (or the only column that is not a timestamp) by
the calibrated series detector: 0.9 and above flags a change (once, when it starts). With
--columns the device score: 0.5 and above is anomalous. Missing values (empty, NaN, null, NA, N/A) score 0 and are
counted on stderr; a value that is not a number, a row with the wrong number of fields or a blank
line between rows stops the run with a message and exit code 1.

Example: dtwin detect < readings.csv > scores.txt`,
    )
    .action(async (options: { columns?: string[]; delimiter?: string; explain?: boolean }) => {
      try {
        process.exitCode = await runDetect(process.stdin, process.stdout, options, process.stderr);
      } catch (err) {
        process.stderr.write(`dtwin detect: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
