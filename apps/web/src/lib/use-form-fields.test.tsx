import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { descriptionOf } from '../test/render-app';
import { TextField } from '../components/TextField';
import { SelectField } from '../components/SelectField';
import { ApiError } from './api-error';
import { checkWith } from './form-errors';
import { useFormFields, type FormFieldsOptions } from './use-form-fields';

const bodySchema = z.object({
  name: z.string().min(3, 'at least 3 characters'),
  size: z.enum(['small', 'large']),
  urgent: z.boolean(),
});
type Body = z.infer<typeof bodySchema>;
type Values = { name: string; size: string; urgent: boolean };

function TestForm(options: Omit<FormFieldsOptions<Values, Body>, 'validate'>) {
  const form = useFormFields<Values, Body>(
    { name: '', size: 'small', urgent: false },
    { validate: (values) => checkWith(bodySchema, values), ...options },
  );
  return (
    <form onSubmit={form.handleSubmit} noValidate>
      {form.error !== null && <p role="alert">{String(form.error)}</p>}
      <TextField label="Name" {...form.bind('name')} />
      <SelectField
        label="Size"
        options={[
          { value: 'small', label: 'Small' },
          { value: 'large', label: 'Large' },
        ]}
        {...form.bind('size')}
      />
      <label>
        <input type="checkbox" {...form.bindCheckbox('urgent')} />
        Urgent
      </label>
      <button type="submit" disabled={form.submitting}>
        Save
      </button>
    </form>
  );
}

function setup(options: Omit<FormFieldsOptions<Values, Body>, 'validate'> = {}) {
  const user = userEvent.setup();
  render(<TestForm {...options} />);
  return {
    user,
    name: () => screen.getByLabelText<HTMLInputElement>('Name'),
    save: () => user.click(screen.getByRole('button', { name: 'Save' })),
  };
}

describe('useFormFields', () => {
  it('sends the checked values of bound inputs, selects and checkboxes', async () => {
    const send = vi.fn(async (_body: Body) => {});
    const { user, name, save } = setup({ send });
    await user.type(name(), 'Pump');
    await user.selectOptions(screen.getByLabelText('Size'), 'large');
    await user.click(screen.getByLabelText('Urgent'));
    await save();
    expect(send).toHaveBeenCalledWith({ name: 'Pump', size: 'large', urgent: true });
    expect(name().value).toBe('Pump');
  });

  it('shows what the check found next to its field, sends nothing, and drops a message when its field is edited', async () => {
    const send = vi.fn(async (_body: Body) => {});
    const { user, name, save } = setup({ send });
    await user.type(name(), 'ab');
    await save();
    expect(send).not.toHaveBeenCalled();
    expect(descriptionOf(name())).toBe('At least 3 characters');
    expect(name().getAttribute('aria-invalid')).toBe('true');
    await user.type(name(), 'c');
    expect(descriptionOf(name())).toBe('');
  });

  it('keeps the messages until the next submit when asked to', async () => {
    const { user, name, save } = setup({ send: async () => {}, clearErrorOnChange: false });
    await save();
    await user.type(name(), 'abc');
    expect(descriptionOf(name())).toBe('At least 3 characters');
    await save();
    expect(descriptionOf(name())).toBe('');
  });

  it('is busy while sending, then shows a refusal and its field problems, under their keys', async () => {
    let refuse: (error: unknown) => void = () => {};
    const send = () =>
      new Promise<void>((_resolve, reject) => {
        refuse = reject;
      });
    const { user, name, save } = setup({
      send,
      serverErrors: (error) => ({ name: (error as ApiError).fields.title ?? '' }),
    });
    await user.type(name(), 'Pump');
    await save();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    refuse(
      new ApiError({ status: 409, code: 'conflict', message: 'Taken', fields: { title: 'Already in use' } }),
    );
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'ApiError: Taken');
    expect(descriptionOf(name())).toBe('Already in use');
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', false);
  });

  it('clears the message of a field reported under another key', async () => {
    const { user, name, save } = setup({
      send: () =>
        Promise.reject(
          new ApiError({
            status: 400,
            code: 'validation_failed',
            message: 'No',
            fields: { 'item.name': 'taken' },
          }),
        ),
      errorKeys: { name: 'item.name' },
    });
    await user.type(name(), 'Pump');
    await save();
    expect(descriptionOf(name())).toBe('Taken');
    await user.type(name(), 's');
    expect(descriptionOf(name())).toBe('');
  });
});
