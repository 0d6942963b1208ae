/** Help text with its `code` spans set as code. */
export function withCode(text: string) {
  return text
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}
