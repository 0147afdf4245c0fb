import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { renderMarkdown } from '../markdown';

export function MarkdownWidget({ widget }: { widget: WidgetOf<'markdown'> }) {
  return <div className="markdown-widget">{renderMarkdown(widget.options.text)}</div>;
}
