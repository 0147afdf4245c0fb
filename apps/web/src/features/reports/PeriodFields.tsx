import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../lib/form-errors';
import type { FieldBinder } from '../../lib/use-form-fields';
import { periodOptions, type Period } from './period';

/** The period part of a form: a preset, or a custom range between two local times. */
export interface PeriodValues {
  period: Period;
  from: string;
  to: string;
}

/** Where a form puts what `resolvePeriod` found wrong with the range. */
export const RANGE_ERROR = 'range';

interface PeriodFieldsProps {
  values: PeriodValues;
  bind: FieldBinder<PeriodValues>;
  /** The form's messages: the range's under `RANGE_ERROR`, the server's under `from` and `to`. */
  errors: FieldErrors;
}

export function PeriodFields({ values, bind, errors }: PeriodFieldsProps) {
  const rangeError = errors[RANGE_ERROR];
  return (
    <>
      <SelectField
        label="Period"
        name="period"
        options={periodOptions}
        {...bind('period')}
        error={values.period === 'custom' ? null : rangeError}
      />
      {values.period === 'custom' && (
        <>
          <TextField
            label="From"
            name="from"
            type="datetime-local"
            {...bind('from')}
            error={rangeError ?? errors.from}
          />
          <TextField label="To" name="to" type="datetime-local" {...bind('to')} />
        </>
      )}
    </>
  );
}
