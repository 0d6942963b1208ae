import { SinkDashboardParams } from '@rivulet/operators/descriptions';
import type { PipelineDocument } from '@rivulet/shared-types';

/** The widget kinds of sink.dashboard's `widget` param, from its schema. */
export const WIDGET_KINDS = SinkDashboardParams.shape.widget.unwrap().options;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

/** A `sink.dashboard` node read as a widget (its params, defaults filled). */
export interface WidgetConfig {
  nodeId: string;
  widget: WidgetKind;
  title: string;
  field: string | undefined;
  labelField: string | undefined;
}

/** What monitoring needs to know of the running document: which nodes are sources and sinks. */
export interface RunShape {
  nodeIds: string[];
  sources: string[];
  sinks: string[];
  widgets: WidgetConfig[];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

export function widgetOf(node: PipelineDocument['nodes'][number]): WidgetConfig {
  const p = node.params ?? {};
  const kind = WIDGET_KINDS.find((k) => k === p.widget) ?? 'table';
  return {
    nodeId: node.id,
    widget: kind,
    title: text(p.title) ?? node.id,
    field: text(p.field),
    labelField: text(p.labelField),
  };
}

export function shapeOf(doc: PipelineDocument | null): RunShape {
  const nodes = doc?.nodes ?? [];
  return {
    nodeIds: nodes.map((n) => n.id),
    sources: nodes.filter((n) => n.type.startsWith('source.')).map((n) => n.id),
    sinks: nodes.filter((n) => n.type.startsWith('sink.')).map((n) => n.id),
    widgets: nodes.filter((n) => n.type === 'sink.dashboard').map(widgetOf),
  };
}

const widgetCache = new WeakMap<PipelineDocument, WidgetConfig[]>();
const NO_WIDGETS: WidgetConfig[] = [];

/** The widgets of a document, memoised per document (a store selector must return the same array). */
export function widgetsOf(doc: PipelineDocument | null): WidgetConfig[] {
  if (!doc) return NO_WIDGETS;
  let widgets = widgetCache.get(doc);
  if (!widgets) {
    widgets = shapeOf(doc).widgets;
    widgetCache.set(doc, widgets);
  }
  return widgets;
}
