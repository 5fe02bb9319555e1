// The app's pages in navigation order. A page still being built shows what it will hold
// (PlannedPage) rather than anything fake; replace `null` with the page component.
import type { Component } from 'svelte';
import InventoryPage from './InventoryPage.svelte';
import ScenariosPage from './ScenariosPage.svelte';
import TimelinePage from './TimelinePage.svelte';
import SitesPage from './SitesPage.svelte';
import BurnPage from './BurnPage.svelte';
import CatalogPage from './CatalogPage.svelte';
import PlanPage from './PlanPage.svelte';
import PricesPage from './PricesPage.svelte';

export interface PageEntry {
  id: string;               // also the i18n key suffix: nav.<id>, planned.<id>
  component: Component | null;
}

export const pages: PageEntry[] = [
  { id: 'inventory', component: InventoryPage },
  { id: 'catalog', component: CatalogPage },
  { id: 'prices', component: PricesPage },
  { id: 'sites', component: SitesPage },
  { id: 'scenarios', component: ScenariosPage },
  { id: 'timeline', component: TimelinePage },
  { id: 'plan', component: PlanPage },
  { id: 'burn', component: BurnPage },
];
