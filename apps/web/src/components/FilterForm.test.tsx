import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FilterForm } from './FilterForm';
import { TextField } from './TextField';

type Values = { name: string; zone: string };
const empty: Values = { name: '', zone: '' };

function Filters({ initial, onApply }: { initial: Values; onApply: (values: Values) => void }) {
  return (
    <FilterForm
      label="Filter things"
      initial={initial}
      empty={empty}
      invalid={(values) => values.zone === 'nowhere'}
      onApply={onApply}
    >
      {(bind, values) => (
        <>
          <TextField label="Name" {...bind('name')} />
          <TextField
            label="Zone"
            {...bind('zone')}
            error={values.zone === 'nowhere' ? 'No such zone.' : null}
          />
        </>
      )}
    </FilterForm>
  );
}

describe('FilterForm', () => {
  it('applies the values trimmed, and offers Clear only while a filter is in force', async () => {
    const user = userEvent.setup();
    const onApply = vi.fn();
    const { rerender } = render(<Filters initial={empty} onApply={onApply} />);
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    await user.type(screen.getByLabelText('Name'), '  pump ');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenLastCalledWith({ name: 'pump', zone: '' });

    rerender(<Filters initial={{ name: 'pump', zone: '' }} onApply={onApply} />);
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onApply).toHaveBeenLastCalledWith(empty);
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('');
  });

  it('starts again from the filters in force when they change elsewhere', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<Filters initial={empty} onApply={() => {}} />);
    await user.type(screen.getByLabelText('Name'), 'half-typed');
    rerender(<Filters initial={{ name: 'valve', zone: 'B' }} onApply={() => {}} />);
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('valve');
    expect(screen.getByLabelText<HTMLInputElement>('Zone').value).toBe('B');
  });

  it('does not apply values it cannot, and says why by the field', async () => {
    const user = userEvent.setup();
    const onApply = vi.fn();
    render(<Filters initial={empty} onApply={onApply} />);
    await user.type(screen.getByLabelText('Zone'), 'nowhere{Enter}');
    expect(screen.getByText('No such zone.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Apply' })).toHaveProperty('disabled', true);
    expect(onApply).not.toHaveBeenCalled();
  });
});
