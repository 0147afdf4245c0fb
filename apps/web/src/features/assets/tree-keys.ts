/** A row of a tree as it is shown now (collapsed subtrees left out), top to bottom. */
export interface VisibleItem {
  key: string;
  parentKey: string | null;
  expandable: boolean;
  expanded: boolean;
}

export type TreeAction =
  | { kind: 'focus'; key: string }
  | { kind: 'expand'; key: string }
  | { kind: 'collapse'; key: string }
  | { kind: 'open'; key: string };

/**
 * What a key does in a tree view (the WAI-ARIA tree pattern): Up/Down move, Right opens a
 * branch then enters it, Left closes it then goes to the parent, Home/End jump, Enter opens.
 */
export function treeKeyAction(
  items: readonly VisibleItem[],
  current: string,
  key: string,
): TreeAction | null {
  const index = items.findIndex((i) => i.key === current);
  const item = items[index];
  if (!item) return null;
  const at = (i: number) => items[i]?.key;
  const focus = (k: string | undefined): TreeAction | null =>
    k === undefined ? null : { kind: 'focus', key: k };
  switch (key) {
    case 'ArrowDown':
      return focus(at(index + 1));
    case 'ArrowUp':
      return focus(at(index - 1));
    case 'Home':
      return focus(at(0));
    case 'End':
      return focus(at(items.length - 1));
    case 'ArrowRight':
      if (!item.expandable) return null;
      return item.expanded ? focus(at(index + 1)) : { kind: 'expand', key: item.key };
    case 'ArrowLeft':
      if (item.expandable && item.expanded) return { kind: 'collapse', key: item.key };
      return focus(item.parentKey ?? undefined);
    case 'Enter':
      return { kind: 'open', key: item.key };
    default:
      return null;
  }
}
