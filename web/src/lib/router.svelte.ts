// A small history router: paths are the state, so a reload (served index.html by the server's
// SPA fallback) or a shared link opens the same page.

export type Route =
  | { page: 'overview' }
  | { page: 'brokers'; cluster: string }
  | { page: 'controller'; cluster: string }
  | { page: 'topics'; cluster: string }
  | { page: 'topic'; cluster: string; topic: string }
  | { page: 'messages'; cluster: string; topic: string }
  | { page: 'groups'; cluster: string }
  | { page: 'group'; cluster: string; group: string }
  | { page: 'alerts' }
  | { page: 'audit' }
  | { page: 'notFound' };

export type ClusterPage = 'brokers' | 'controller' | 'topics' | 'groups';

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  let segments: string[];
  try {
    segments = parts.map(decodeURIComponent);
  } catch {
    return { page: 'notFound' };
  }
  const [first, cluster, page, name, ...rest] = segments;
  if (!first) return { page: 'overview' };
  if (
    first === 'clusters' &&
    cluster &&
    page === 'topics' &&
    name &&
    rest.length === 1 &&
    rest[0] === 'messages'
  )
    return { page: 'messages', cluster, topic: name };
  if (segments.length === 1 && (first === 'alerts' || first === 'audit')) return { page: first };
  if (first !== 'clusters' || !cluster || !page || rest.length > 0) return { page: 'notFound' };
  if (name === undefined) {
    if (page === 'brokers' || page === 'controller' || page === 'topics' || page === 'groups')
      return { page, cluster };
    return { page: 'notFound' };
  }
  if (page === 'topics') return { page: 'topic', cluster, topic: name };
  if (page === 'groups') return { page: 'group', cluster, group: name };
  return { page: 'notFound' };
}

const seg = encodeURIComponent;

export function routePath(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '/';
    case 'alerts':
    case 'audit':
      return `/${route.page}`;
    case 'topic':
      return `/clusters/${seg(route.cluster)}/topics/${seg(route.topic)}`;
    case 'group':
      return `/clusters/${seg(route.cluster)}/groups/${seg(route.group)}`;
    case 'messages':
      return `/clusters/${seg(route.cluster)}/topics/${seg(route.topic)}/messages`;
    case 'notFound':
      return '/';
    default:
      return `/clusters/${seg(route.cluster)}/${route.page}`;
  }
}

export const router = $state({ route: parseRoute(globalThis.location?.pathname ?? '/') });

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  router.route = parseRoute(location.pathname);
  window.scrollTo?.(0, 0);
}

export function listen(): () => void {
  const onPop = () => {
    router.route = parseRoute(location.pathname);
  };
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}

/** For `onclick` on in-app links: a plain left click navigates without a reload. */
export function follow(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  // The query too: the message browser's links carry their partition and offset in it.
  navigate(anchor.pathname + anchor.search);
}
