import type { WidgetConfig } from '../store/live/shape';
import { AlertsWidget } from './AlertsWidget';
import { BarWidget } from './BarWidget';
import { CardsWidget } from './CardsWidget';
import { LineWidget } from './LineWidget';
import { NumberWidget } from './NumberWidget';
import { TableWidget } from './TableWidget';

const KIND_LABEL: Record<WidgetConfig['widget'], string> = {
  table: 'Table',
  line: 'Line',
  bar: 'Top values',
  alerts: 'Alerts',
  number: 'Number',
  cards: 'Stories',
};

/** One dashboard sink as a widget: its frame, title and the body its `widget` param names. */
export function WidgetCard({ widget }: { widget: WidgetConfig }) {
  return (
    <section
      className={`widget widget-${widget.widget}`}
      data-testid={`dashboard-widget-${widget.nodeId}`}
    >
      <header>
        <h2>{widget.title}</h2>
        <span className="widget-kind">{KIND_LABEL[widget.widget]}</span>
      </header>
      <div className="widget-body">
        {widget.widget === 'table' && <TableWidget widget={widget} />}
        {widget.widget === 'line' && <LineWidget widget={widget} />}
        {widget.widget === 'bar' && <BarWidget widget={widget} />}
        {widget.widget === 'alerts' && <AlertsWidget widget={widget} />}
        {widget.widget === 'number' && <NumberWidget widget={widget} />}
        {widget.widget === 'cards' && <CardsWidget widget={widget} />}
      </div>
    </section>
  );
}
