import { useState } from 'react';

/**
 * Text being typed into a field whose value is not text (a number, a list): while focused the
 * input shows what was typed ("1.", "a, "), otherwise the store's value.
 */
export function useDraft(shown: string) {
  const [draft, setDraft] = useState<string | null>(null);
  return {
    text: draft ?? shown,
    onFocus: () => setDraft(shown),
    onBlur: () => setDraft(null),
    type: (text: string) => setDraft(text),
  };
}
