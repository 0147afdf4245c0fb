import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('markdown text widget', () => {
  it('renders headings, lists, emphasis and links', () => {
    const { container } = render(
      <div>
        {renderMarkdown(
          '# Pump house\nCheck **seals** and *belts*.\n\n- one\n- [manual](https://plant.example/m)',
        )}
      </div>,
    );
    expect(screen.getByRole('heading', { name: 'Pump house' })).toBeTruthy();
    expect(container.querySelector('strong')?.textContent).toBe('seals');
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'manual' }).getAttribute('href')).toBe('https://plant.example/m');
  });

  it('never turns text into HTML or script links', () => {
    const { container } = render(
      <div>
        {renderMarkdown('<img src=x onerror="alert(1)"> <script>alert(2)</script>\n[x](javascript:alert(3))')}
      </div>,
    );
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('<script>alert(2)</script>');
  });
});
