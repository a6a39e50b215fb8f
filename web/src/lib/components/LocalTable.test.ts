import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Column } from './columns.ts';
import LocalTable from './LocalTable.svelte';

interface Row {
  name: string;
  lag: number | null;
}
const rows: Row[] = [
  { name: 'bravo', lag: 20 },
  { name: 'alpha', lag: null },
  { name: 'delta', lag: 5 },
  { name: 'charlie', lag: 300 },
  { name: '<script>x</script>', lag: 1 },
];
const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', text: (r) => r.name, sort: (r) => r.name },
  {
    key: 'lag',
    label: 'Lag',
    text: (r) => (r.lag === null ? '—' : String(r.lag)),
    sort: (r) => r.lag,
    numeric: true,
  },
  { key: 'note', label: 'Note', text: () => '' },
];

const names = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]?.textContent);

function renderTable(pageSize = 50) {
  return render(LocalTable<Row>, {
    props: { columns, rows, rowKey: (r: Row) => r.name, initialSort: 'name', pageSize },
  });
}

describe('LocalTable', () => {
  it('sorts by a header button: numbers biggest first, then flipped, unknown last', async () => {
    renderTable();
    expect(names()).toEqual(['<script>x</script>', 'alpha', 'bravo', 'charlie', 'delta']);
    const lag = screen.getByRole('button', { name: /Lag/ });
    await fireEvent.click(lag);
    expect(names()).toEqual(['charlie', 'bravo', 'delta', '<script>x</script>', 'alpha']);
    expect(lag.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    await fireEvent.click(lag);
    expect(names()).toEqual(['<script>x</script>', 'delta', 'bravo', 'charlie', 'alpha']);
    expect(lag.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
  });

  it('makes only sortable headers buttons, reachable with the keyboard', () => {
    renderTable();
    const buttons = screen.getAllByRole('columnheader').map((th) => th.querySelector('button'));
    expect(buttons.map((b) => b?.type)).toEqual(['button', 'button', undefined]);
    for (const button of buttons.slice(0, 2)) {
      button?.focus();
      expect(document.activeElement).toBe(button);
      expect(button?.tabIndex).toBe(0);
    }
  });

  it('pages, with the pager buttons disabled at the ends', async () => {
    renderTable(2);
    expect(names()).toEqual(['<script>x</script>', 'alpha']);
    const prev = screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement;
    const next = screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement;
    expect(prev.disabled).toBe(true);
    expect(screen.getByText('Page 1 of 3 (5 rows)')).toBeTruthy();
    await fireEvent.click(next);
    await fireEvent.click(next);
    expect(names()).toEqual(['delta']);
    expect(next.disabled).toBe(true);
    // A new sort starts again at page 1.
    await fireEvent.click(screen.getByRole('button', { name: /Lag/ }));
    expect(names()).toEqual(['charlie', 'bravo']);
  });

  it('renders names as text, never as markup', () => {
    const { container } = renderTable();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('<script>x</script>')).toBeTruthy();
  });

  it('says so when there is nothing to show', () => {
    render(LocalTable<Row>, { props: { columns, rows: [], rowKey: (r: Row) => r.name } });
    expect(screen.getByText('Nothing to show.')).toBeTruthy();
  });
});
