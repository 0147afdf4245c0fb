import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Ellipsis, ellipsize } from './Ellipsis';

const zone = 'Hall 3 north, second floor, between the boiler feed pumps and the condensate return line';

describe('long names', () => {
  it('keep the whole text on hover', () => {
    render(<Ellipsis text={zone} />);
    expect(screen.getByText(zone).getAttribute('title')).toBe(zone);
    expect(screen.getByText(zone).className).toBe('ellipsis');
  });

  it('are cut with an ellipsis where CSS cannot cut them', () => {
    expect(ellipsize(zone, 20)).toBe('Hall 3 north, secon…');
    expect(ellipsize(zone, 20)).toHaveLength(20);
    expect(ellipsize('Pumps (3)', 20)).toBe('Pumps (3)');
  });
});
