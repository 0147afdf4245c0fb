/**
 * Stands in for uPlot in every test (see setup.ts): jsdom has no canvas. It keeps what a chart
 * was given, so a test can check the data without pixels.
 */
export default class FakeUPlot {
  static readonly instances: FakeUPlot[] = [];
  data: unknown[][];
  /** How many times the chart was given new data (live appends are batched per frame). */
  setDataCalls = 0;
  readonly root: HTMLElement;
  destroyed = false;

  constructor(
    readonly opts: { series?: unknown[] },
    data: unknown[][] | undefined,
    target: HTMLElement,
  ) {
    this.data = data ?? [];
    this.root = document.createElement('div');
    target.appendChild(this.root);
    FakeUPlot.instances.push(this);
  }

  setData(data: unknown[][]) {
    this.data = data;
    this.setDataCalls += 1;
  }

  setSize() {}
  setScale() {}
  redraw() {}

  destroy() {
    this.destroyed = true;
    this.root.remove();
  }
}
