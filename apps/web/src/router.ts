import { useSyncExternalStore } from 'react';

/** The app's three places; the path is the state, so reload and links work. */
export type Route =
  | { name: 'home' }
  | { name: 'editor'; pipelineId: string }
  | { name: 'dashboard'; pipelineId: string }
  | { name: 'runs'; pipelineId: string; runId: string | null };

export function parseRoute(path: string): Route {
  const runs = /^\/p\/([A-Za-z0-9_-]+)\/runs(?:\/([A-Za-z0-9_-]+))?\/?$/.exec(path);
  if (runs) return { name: 'runs', pipelineId: runs[1]!, runId: runs[2] ?? null };
  const dashboard = /^\/p\/([A-Za-z0-9_-]+)\/dashboard\/?$/.exec(path);
  if (dashboard) return { name: 'dashboard', pipelineId: dashboard[1]! };
  const editor = /^\/p\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (editor) return { name: 'editor', pipelineId: editor[1]! };
  return { name: 'home' };
}

export function routePath(route: Route): string {
  if (route.name === 'runs')
    return `/p/${route.pipelineId}/runs${route.runId ? `/${route.runId}` : ''}`;
  return route.name === 'home'
    ? '/'
    : route.name === 'editor'
      ? `/p/${route.pipelineId}`
      : `/p/${route.pipelineId}/dashboard`;
}

const listeners = new Set<() => void>();
/** The path on screen: where Back returns to while a guard holds the navigation. */
let shown = window.location.pathname;
const notify = () => {
  shown = window.location.pathname;
  listeners.forEach((l) => l());
};

/**
 * Asked before leaving the path on screen (unsaved edits): true lets the navigation go on;
 * false holds it, and the guard calls `proceed` once the user decides to leave (or never).
 */
export type NavigationGuard = (proceed: () => void) => boolean;
let guard: NavigationGuard | null = null;
export function setNavigationGuard(next: NavigationGuard | null): void {
  guard = next;
}

window.addEventListener('popstate', () => {
  const target = window.location.pathname;
  if (guard && target !== shown && !guard(() => go(target, false))) {
    // Back (or Forward) is held: the address shows the studio again until the user decides.
    window.history.pushState(null, '', shown);
    return;
  }
  notify();
});

function go(path: string, replace: boolean): void {
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
}

export function navigate(route: Route, replace = false): void {
  const path = routePath(route);
  if (path === window.location.pathname) return;
  if (guard && !guard(() => go(path, replace))) return;
  go(path, replace);
}

export function useRoute(): Route {
  const path = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.pathname,
  );
  return parseRoute(path);
}
