import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useConfirmation } from './use-confirmation';

describe('useConfirmation', () => {
  it('asks, keeps a failure in the question with the button free again, and closes once it succeeds', async () => {
    const run = vi
      .fn<(target: { id: number }) => Promise<void>>()
      .mockRejectedValueOnce(new Error('refused'))
      .mockResolvedValueOnce(undefined);
    const { result } = renderHook(() => useConfirmation(run));
    expect(result.current.target).toBeUndefined();

    act(() => result.current.ask({ id: 7 }));
    expect(result.current.target).toEqual({ id: 7 });
    expect(result.current.dialog).toMatchObject({ busy: false, error: null });

    act(() => result.current.dialog.onConfirm());
    expect(result.current.dialog.busy).toBe(true);
    await waitFor(() => expect(result.current.dialog.error).toEqual(new Error('refused')));
    expect(result.current.dialog.busy).toBe(false);
    expect(result.current.target).toEqual({ id: 7 });

    act(() => result.current.dialog.onConfirm());
    await waitFor(() => expect(result.current.target).toBeUndefined());
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenLastCalledWith({ id: 7 });
  });

  it('does nothing when the question is cancelled', () => {
    const run = vi.fn(async (_target: string) => {});
    const { result } = renderHook(() => useConfirmation(run));
    act(() => result.current.ask('PUMP_1'));
    act(() => result.current.dialog.onCancel());
    expect(result.current.target).toBeUndefined();
    expect(run).not.toHaveBeenCalled();
  });
});
