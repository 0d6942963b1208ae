import type { PipelineTemplate } from '@rivulet/shared-types';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { navigate } from '../router';
import { usePipelineList } from './listStore';
import { TemplateIcon } from './TemplateIcon';

/** One click: the template becomes a saved pipeline, opens, and its run starts. */
export function TemplateGallery() {
  const create = usePipelineList((s) => s.create);
  const setActionError = usePipelineList((s) => s.setActionError);
  const [starting, setStarting] = useState<string | null>(null);
  const [templates, setTemplates] = useState<PipelineTemplate[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // The engine serves the templates: the gallery and the engine's demo are one list.
  useEffect(() => {
    api
      .templates()
      .then(setTemplates)
      .catch((error: Error) => setLoadError(error.message));
  }, []);

  const start = async (template: PipelineTemplate) => {
    setStarting(template.slug);
    const id = await create(structuredClone(template.document));
    if (id) {
      // Started before opening: the studio finds the running run and follows it.
      await api
        .startRun(id)
        .catch((error: Error) => setActionError(`The run did not start: ${error.message}`));
      navigate({ name: 'editor', pipelineId: id });
    }
    setStarting(null);
  };

  return (
    <section className="home-section">
      <div className="section-title">
        <h2>Start from a template</h2>
        <p>Live demo pipelines on generated data — one click creates, opens and runs one.</p>
      </div>
      {loadError && (
        <p className="list-state error">The templates could not be loaded: {loadError}</p>
      )}
      {templates === null && !loadError && <p className="list-state">Loading templates…</p>}
      <div className="template-grid">
        {(templates ?? []).map((t) => (
          <button
            key={t.slug}
            className={`template-card scenario-${t.scenario}`}
            data-testid={`template-${t.slug}`}
            disabled={starting !== null}
            onClick={() => void start(t)}
          >
            <span className="template-icon">
              <TemplateIcon scenario={t.scenario} />
            </span>
            <strong>{t.title}</strong>
            <span className="template-summary">{t.summary}</span>
            <span className="template-meta">
              {t.document.nodes.length} nodes · {t.scenario}
              <span className="template-go">
                {starting === t.slug ? 'Starting…' : 'Open & run →'}
              </span>
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}
