import * as d3 from 'd3';
import { parseHTML } from 'linkedom';

/**
 * A blank SVG chart to draw into with d3, server side: linkedom gives d3 the small DOM it
 * needs (createElementNS, attributes, children) without a browser or jsdom. Each chart gets
 * its own document; `markup()` serialises the finished <svg> for inlining in the page.
 */
export type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;
export type G = d3.Selection<SVGGElement, unknown, null, undefined>;

export interface Canvas {
  svg: Svg;
  markup(): string;
}

export function createCanvas(width: number, height: number, opts: { id?: string; className?: string; title: string }): Canvas {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = d3
    .select(document.body as unknown as HTMLElement)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', opts.title)
    .attr('font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif')
    .attr('font-size', 12) as unknown as Svg;
  if (opts.id) svg.attr('id', opts.id);
  svg.attr('class', ['chart', opts.className].filter(Boolean).join(' '));
  return { svg, markup: () => (svg.node() as unknown as { outerHTML: string }).outerHTML };
}
