// The links in the service header, by what the signed-in person does.
import type { Actor } from '../domain/roles';
import { isProviderUser, isSchoolUser } from '../domain/roles';
import { canAdministerAccess, canOperate, canStartRequest } from '../domain/permissions';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** `url` is the request's path and query, so the two case lists can tell which one is open. */
export function navigationFor(actor: Actor, url: string): NavItem[] {
  const items: { href: string; label: string }[] = [{ href: '/', label: 'Home' }];
  if (isSchoolUser(actor) || isProviderUser(actor)) {
    items.push({ href: '/cases?view=active', label: 'Active cases' }, { href: '/cases?view=closed', label: 'Closed cases' });
  }
  if (canStartRequest(actor)) items.push({ href: '/services/chronic-absence', label: 'Request support' });
  if (canAdministerAccess(actor)) items.push({ href: '/access', label: 'Manage access' });
  if (canOperate(actor)) items.push({ href: '/operator', label: 'Operations' });
  const closed = url.startsWith('/cases?') && url.includes('view=closed');
  return items.map((i) => ({
    ...i,
    current:
      i.href === '/'
        ? url === '/'
        : i.href.startsWith('/cases')
          ? url.startsWith('/cases') && closed === i.href.endsWith('closed')
          : url.startsWith(i.href),
  }));
}
