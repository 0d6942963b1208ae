import type { PipelineTemplate } from '@rivulet/shared-types';

/** Line icons for the gallery's scenarios (no emoji: kiosk browsers often lack the font). */
export function TemplateIcon({ scenario }: { scenario: PipelineTemplate['scenario'] }) {
  const common = {
    width: 20,
    height: 20,
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.8,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
  } as const;
  if (scenario === 'transactions')
    return (
      <svg {...common} aria-hidden>
        <rect x="2.5" y="5" width="19" height="14" rx="2.5" />
        <path d="M2.5 10h19M6.5 15h4" />
      </svg>
    );
  if (scenario === 'clickstream')
    return (
      <svg {...common} aria-hidden>
        <path d="M3 4h2.5l2.2 11h10.6l2-8H7" />
        <circle cx="9.5" cy="19" r="1.4" />
        <circle cx="16.5" cy="19" r="1.4" />
      </svg>
    );
  if (scenario === 'conversations')
    return (
      <svg {...common} aria-hidden>
        <path d="M4 5h16v10H9l-5 4z" />
        <path d="M8 9h8M8 12h5" />
      </svg>
    );
  return (
    <svg {...common} aria-hidden>
      <path d="M2.5 6.5h11v10h-11zM13.5 10h4l3 3.5v3h-7" />
      <circle cx="6.5" cy="17.5" r="1.7" />
      <circle cx="16.5" cy="17.5" r="1.7" />
      <path d="M6 9.5v3.5M8 11.2H4" />
    </svg>
  );
}
