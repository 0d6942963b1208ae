/** What a widget shows before it has data, or when a param it needs is missing. */
export function WidgetEmpty({ children }: { children: React.ReactNode }) {
  return <div className="widget-empty">{children}</div>;
}
