import type { CatalogueEntry } from '@rivulet/shared-types';
import { useEffect, useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { selectCatalogue, useEditor } from '../store/editor';
import { CATEGORY_ORDER, categoryLook } from './categories';
import { startPaletteDrag } from './paletteDrop';
import { addAtViewportCentre } from './addAtCentre';
import './palette.css';

function matches(entry: CatalogueEntry, query: string): boolean {
  if (query === '') return true;
  const q = query.toLowerCase();
  return [entry.type, entry.title, entry.summary].some((t) => t.toLowerCase().includes(q));
}

/** Operators by category; drag one onto the canvas, or double-click it to add it in the middle. */
export function Palette() {
  const catalogue = useEditor(selectCatalogue);
  const loadCatalogue = useEditor((s) => s.loadCatalogue);
  const [query, setQuery] = useState('');
  const flow = useReactFlow();
  useEffect(() => void loadCatalogue(), [loadCatalogue]);

  const groups = useMemo(() => {
    const found = catalogue.entries.filter((e) => matches(e, query.trim()));
    const cats = [...CATEGORY_ORDER, ...new Set(found.map((e) => e.category))].filter(
      (c, i, all) => all.indexOf(c) === i,
    );
    return cats
      .map((category) => ({ category, entries: found.filter((e) => e.category === category) }))
      .filter((g) => g.entries.length > 0);
  }, [catalogue.entries, query]);

  return (
    <div className="palette" data-testid="palette">
      <div className="palette-head">
        <div className="palette-title">Operators</div>
        <input
          type="search"
          placeholder="Search operators…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="palette-search"
          aria-label="Search operators"
        />
      </div>
      {catalogue.status === 'loading' && <div className="palette-note">Loading operators…</div>}
      {catalogue.status === 'error' && (
        <div className="palette-note error">
          Could not load the operators: {catalogue.message}
          <button className="btn" onClick={() => void useEditor.getState().loadCatalogue()}>
            Try again
          </button>
        </div>
      )}
      {catalogue.status === 'ready' && groups.length === 0 && (
        <div className="palette-note">No operator matches “{query}”.</div>
      )}
      {groups.map(({ category, entries }) => {
        const look = categoryLook(category);
        return (
          <section key={category} className="palette-group">
            <h3 style={{ color: look.color }}>
              <span className="palette-glyph">{look.glyph}</span> {look.label}
            </h3>
            {entries.map((entry) => (
              <div
                key={entry.type}
                className="palette-item"
                style={{ ['--cat' as string]: look.color }}
                draggable
                onDragStart={(e) => startPaletteDrag(e, entry.type)}
                onDoubleClick={() => addAtViewportCentre(flow, entry.type)}
                onKeyDown={(e) => e.key === 'Enter' && addAtViewportCentre(flow, entry.type)}
                tabIndex={0}
                role="button"
                title={`${entry.title}: drag onto the canvas, or double-click to add`}
                data-testid={`palette-item-${entry.type}`}
              >
                <div className="palette-item-title">{entry.title}</div>
                <div className="palette-item-summary">{entry.summary}</div>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
