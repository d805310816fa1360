import type { Route } from '../lib/router';
import { ModelDetail } from './models/ModelDetail';
import { ModelList } from './models/ModelList';

/** `#/models` (the registry; `?state=active` filters it) and `#/models/<model id>`. Read only. */
export function Models({ route }: { route: Route }) {
  const id = route.parts[1];
  return id === undefined ? <ModelList state={route.query.get('state') ?? ''} /> : <ModelDetail id={id} />;
}
