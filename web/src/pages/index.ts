import type { ComponentType } from 'react';
import type { Route } from '../lib/router';
import { Approvals } from './Approvals';
import { Backtests } from './backtests/Backtests';
import { Controls } from './Controls';
import { Health } from './Health';
import { Help } from './Help';
import { Models } from './Models';
import { Overview } from './Overview';
import { Strategies } from './Strategies';
import { Trading } from './Trading';

export type PageComponent = ComponentType<{ route: Route }>;

/** The navigation, in order; `#/<id>` opens each. */
export const PAGES: readonly { id: string; title: string; component: PageComponent }[] = [
  { id: 'overview', title: 'Overview', component: Overview },
  { id: 'backtests', title: 'Backtests', component: Backtests },
  { id: 'strategies', title: 'Strategies', component: Strategies },
  { id: 'models', title: 'Models', component: Models },
  { id: 'trading', title: 'Trading', component: Trading },
  { id: 'approvals', title: 'Approvals', component: Approvals },
  { id: 'controls', title: 'Controls', component: Controls },
  { id: 'health', title: 'Health', component: Health },
  { id: 'help', title: 'Help', component: Help },
];

export function pageFor(id: string): PageComponent {
  return (PAGES.find((p) => p.id === id) ?? PAGES[0]).component;
}
