import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Pagination } from './Pagination';

describe('pagination', () => {
  it('shows the range and moves by one page', async () => {
    const onChange = vi.fn();
    render(<Pagination offset={25} limit={25} total={60} noun="users" onChange={onChange} />);

    expect(screen.getByText('26–50 of 60 users · page 2 of 3')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(onChange.mock.calls).toEqual([[50], [0]]);
  });

  it('offers the way back from a page past the end', async () => {
    const onChange = vi.fn();
    render(<Pagination offset={100} limit={25} total={60} noun="users" onChange={onChange} />);

    expect(screen.getByText('Page 5 is past the last page (3); 60 users in all')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(onChange).toHaveBeenCalledWith(50);
  });
});
