import { useMemo } from 'react';
import { formatClock } from '../ui/liveFormat';
import { selectSamples, useLive } from '../store/live';
import type { WidgetConfig } from '../store/live/shape';
import { storyCards } from './storyCards';
import { WidgetEmpty } from './WidgetEmpty';

/** The sink's records as story cards: one per shopper, card or truck, newest first. */
export function CardsWidget({ widget }: { widget: WidgetConfig }) {
  const rows = useLive(selectSamples(widget.nodeId));
  const cards = useMemo(
    () => storyCards(rows, widget.labelField, widget.field),
    [rows, widget.labelField, widget.field],
  );
  if (cards.length === 0) return <WidgetEmpty>Waiting for the first story…</WidgetEmpty>;
  return (
    <ol className="story-cards" data-testid={`story-cards-${widget.nodeId}`}>
      {cards.map((c) => (
        <li key={c.key} className="story-card" data-testid="story-card">
          <header>
            <span className="story-title" title={c.title}>
              {c.title}
            </span>
            {c.tag && <span className="story-tag">{c.tag}</span>}
            <time>{formatClock(c.t)}</time>
          </header>
          {c.headline !== null && (
            <div className="story-headline">
              {c.headline}
              <span className="story-headline-field">{c.headlineField}</span>
            </div>
          )}
          {c.items.length > 0 && (
            <ol className="story-items">
              {c.items.map((it) => (
                <li key={it.name}>
                  <span className="story-item-name" title={it.name}>
                    {it.name}
                  </span>
                  {it.figure && <span className="story-item-figure">{it.figure}</span>}
                </li>
              ))}
            </ol>
          )}
          {c.reason && <p className="story-reason">{c.reason}</p>}
          {c.details.length > 0 && (
            <dl className="story-details">
              {c.details.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd title={v}>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}
