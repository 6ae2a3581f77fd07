import * as fs from 'node:fs';
import { optionalModule } from '../support/optional-module';
import { ProgressSample } from '../support/stats';

/* Minimal shapes of vega, vega-lite and @resvg/resvg-js as used here (their CommonJS builds). */
interface VegaLite {
  compile(spec: object): { spec: object };
}
interface Vega {
  parse(spec: object): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string> };
}
interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { asPng(): Buffer } };
}

/**
 * Renders the plots with Vega-Lite (spec to SVG, headless) and resvg (SVG to PNG; prebuilt, no native build). Returns
 * the files written, or why none were.
 */
export async function writePlots(
  basePath: string,
  throughput: readonly ProgressSample[],
  latencyCdf: readonly { value: number; fraction: number }[],
): Promise<{ files: string[]; note?: string }> {
  const vl = optionalModule<VegaLite>('vega-lite');
  const vega = optionalModule<Vega>('vega');
  const resvg = optionalModule<ResvgModule>('@resvg/resvg-js');
  if (!vl || !vega || !resvg)
    return { files: [], note: 'plots skipped: vega, vega-lite and @resvg/resvg-js are not installed' };
  const render = async (spec: object, file: string) => {
    const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    fs.writeFileSync(
      file,
      new resvg.Resvg(svg, { background: 'white', font: { loadSystemFonts: true } }).render().asPng(),
    );
    return file;
  };
  const files = [
    await render(
      {
        title: 'Throughput over time',
        width: 720,
        height: 320,
        data: { values: throughput },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'second', type: 'quantitative', title: 'seconds since the phase started' },
          y: { field: 'perSecond', type: 'quantitative', title: 'records/s' },
          color: { field: 'series', type: 'nominal', title: 'phase' },
        },
      },
      `${basePath}-throughput.png`,
    ),
    await render(
      {
        title: 'Produce-to-visible latency (order_summary) at half load, CDF',
        width: 720,
        height: 320,
        data: { values: latencyCdf },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: 'ms', scale: { type: 'symlog' } },
          y: { field: 'fraction', type: 'quantitative', title: 'fraction of events', axis: { format: '%' } },
        },
      },
      `${basePath}-latency-cdf.png`,
    ),
  ];
  return { files };
}
