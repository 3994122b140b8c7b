import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, type ReactNode } from 'react';

// Only the charts the dashboard draws are bundled; the Sankey chart comes with the Flows page.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

interface Props {
  readonly title: string;
  readonly option: EChartsCoreOption;
  readonly height?: number;
  /** The same figures as a table, for screen readers and for anyone who prefers numbers. */
  readonly table: ReactNode;
  readonly onClick?: (params: { dataType?: string; data?: unknown; name?: string }) => void;
  readonly testId?: string;
}

/** An ECharts chart (SVG, resizes with its box) with its table alternative. */
export function Chart({ title, option, height = 320, table, onClick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    instance.on('click', onClick);
    return () => {
      instance.off('click', onClick);
    };
  }, [onClick]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} style={{ height }} role="img" aria-label={`${title} (chart; the table below has the same figures)`} />
      <details className="chart-table">
        <summary>Show as table</summary>
        {table}
      </details>
    </figure>
  );
}
