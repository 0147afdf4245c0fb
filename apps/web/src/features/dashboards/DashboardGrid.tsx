import { GRID_COLUMNS, type Widget } from '@dtwin/contracts/dashboards';
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import { Button } from '../../components/Button';
import { widgetTitle } from './widget-labels';
import { WidgetBody } from './WidgetBody';

export const ROW_HEIGHT = 40;
const MARGIN = 12;
/** Below this width the grid becomes one column. */
const NARROW_PX = 640;
const pixelHeight = (rows: number) => rows * ROW_HEIGHT + (rows - 1) * MARGIN;

interface DashboardGridProps {
  widgets: readonly Widget[];
  editing: boolean;
  onLayout: (layout: Layout) => void;
  onEdit: (id: string) => void;
  onRemove: (id: string) => void;
}

/** The widgets on a 12-column grid; in edit mode each moves by its title bar and resizes by its corner. */
export function DashboardGrid({ widgets, editing, onLayout, onEdit, onRemove }: DashboardGridProps) {
  const { width, containerRef, mounted } = useContainerWidth();
  const card = (widget: Widget) => (
    <section
      key={widget.id}
      className="dash-widget panel"
      aria-label={widgetTitle(widget)}
      data-widget-id={widget.id}
    >
      <header className="dash-widget__head">
        <h2 className="dash-widget__title" title={widgetTitle(widget)}>
          {widgetTitle(widget)}
        </h2>
        {editing && (
          <span className="dash-widget__tools">
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Edit widget ${widgetTitle(widget)}`}
              onClick={() => onEdit(widget.id)}
            >
              Edit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove widget ${widgetTitle(widget)}`}
              onClick={() => onRemove(widget.id)}
            >
              Remove
            </Button>
          </span>
        )}
      </header>
      <div className="dash-widget__body">
        <WidgetBody widget={widget} height={pixelHeight(widget.h) - 44} />
      </div>
    </section>
  );
  // On a phone the widgets stack in reading order, full width, at their own height.
  const narrow = width < NARROW_PX;
  const layout: Layout = widgets.map((w) => ({ i: w.id, x: w.x, y: w.y, w: w.w, h: w.h, minW: 2, minH: 2 }));
  return (
    <div ref={containerRef} className={editing ? 'dash-grid is-editing' : 'dash-grid'}>
      {/*
        While dragging, react-draggable adds a <style> element of its own unless one with this id
        exists; our CSP (style-src 'self') refuses inline styles, so this placeholder stands in
        and the rule it would add is in DashboardsPage.css.
      */}
      {editing && <span id="react-draggable-style-el" hidden />}
      {mounted && narrow && (
        <div className="dash-stack">
          {[...widgets]
            .sort((a, b) => a.y - b.y || a.x - b.x)
            .map((widget) => (
              <div key={widget.id} className="dash-stack__item" style={{ height: pixelHeight(widget.h) }}>
                {card(widget)}
              </div>
            ))}
        </div>
      )}
      {mounted && !narrow && (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [MARGIN, MARGIN] }}
          dragConfig={{ enabled: editing, handle: '.dash-widget__head', cancel: 'button' }}
          resizeConfig={{ enabled: editing, handles: ['se'] }}
          compactor={verticalCompactor}
          onLayoutChange={onLayout}
        >
          {widgets.map(card)}
        </ReactGridLayout>
      )}
    </div>
  );
}
