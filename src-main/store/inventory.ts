// Sites, clusters and the catalog: the one place their SQL lives.
import type { ReadableDB, WritableDB } from './handles.js';
import type { Cluster, GpuRow, ModelRow, Site } from '../shared/rows.js';

export interface SiteWrite { name: string; country: string; region: string; power_limit_kw: number; pue: number; notes: string }
export interface ClusterWrite {
  site_id: number; gpu_id: string; gpus: number; servers: number | null; mode: 'buy' | 'lease' | 'cloud';
  in_service_from: string | null; in_service_to: string | null; unit_cost: string | null; currency: string | null; notes: string;
}

export function listSites(db: ReadableDB): Site[] {
  return db.prepare('SELECT id, name, country, region, power_limit_kw, pue, notes FROM sites ORDER BY name').all() as Site[];
}
export function getSiteByName(db: ReadableDB, name: string): Site | undefined {
  return db.prepare('SELECT id, name, country, region, power_limit_kw, pue, notes FROM sites WHERE name = ?').get(name) as Site | undefined;
}
export function getSite(db: ReadableDB, id: number): Site | undefined {
  return db.prepare('SELECT id, name, country, region, power_limit_kw, pue, notes FROM sites WHERE id = ?').get(id) as Site | undefined;
}
export function insertSite(db: WritableDB, s: SiteWrite): number {
  return Number(db.prepare('INSERT INTO sites (name, country, region, power_limit_kw, pue, notes) VALUES (@name,@country,@region,@power_limit_kw,@pue,@notes)').run(s).lastInsertRowid);
}
export function updateSite(db: WritableDB, id: number, s: SiteWrite): boolean {
  return db.prepare('UPDATE sites SET name=@name, country=@country, region=@region, power_limit_kw=@power_limit_kw, pue=@pue, notes=@notes WHERE id=@id').run({ ...s, id }).changes > 0;
}
export function deleteSite(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM sites WHERE id = ?').run(id).changes > 0;
}
export function clustersAtSite(db: ReadableDB, siteId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM clusters WHERE site_id = ?').get(siteId) as { n: number }).n;
}

const CLUSTER_SELECT = `SELECT c.id, s.name AS site, c.site_id, c.gpu_id, c.gpus, c.servers, c.mode, c.in_service_from, c.in_service_to,
  c.unit_cost, c.currency, c.notes FROM clusters c JOIN sites s ON s.id = c.site_id`;

export function listClusters(db: ReadableDB): Cluster[] {
  return db.prepare(`${CLUSTER_SELECT} ORDER BY s.name, c.gpu_id, c.id`).all() as Cluster[];
}
/** The first cluster of this GPU type at the named site (null when there is none). */
export function clusterAt(db: ReadableDB, site: string, gpu: string): number | null {
  const r = db.prepare('SELECT c.id FROM clusters c JOIN sites s ON s.id = c.site_id WHERE s.name = ? AND c.gpu_id = ? ORDER BY c.id LIMIT 1').get(site, gpu) as { id: number } | undefined;
  return r?.id ?? null;
}

export function getCluster(db: ReadableDB, id: number): Cluster | undefined {
  return db.prepare(`${CLUSTER_SELECT} WHERE c.id = ?`).get(id) as Cluster | undefined;
}
export function insertCluster(db: WritableDB, c: ClusterWrite): number {
  return Number(db.prepare(`INSERT INTO clusters (site_id, gpu_id, gpus, servers, mode, in_service_from, in_service_to, unit_cost, currency, notes)
    VALUES (@site_id,@gpu_id,@gpus,@servers,@mode,@in_service_from,@in_service_to,@unit_cost,@currency,@notes)`).run(c).lastInsertRowid);
}
export function updateCluster(db: WritableDB, id: number, c: ClusterWrite): boolean {
  return db.prepare(`UPDATE clusters SET site_id=@site_id, gpu_id=@gpu_id, gpus=@gpus, servers=@servers, mode=@mode,
    in_service_from=@in_service_from, in_service_to=@in_service_to, unit_cost=@unit_cost, currency=@currency, notes=@notes WHERE id=@id`).run({ ...c, id }).changes > 0;
}
export function deleteCluster(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM clusters WHERE id = ?').run(id).changes > 0;
}

type GpuDbRow = Omit<GpuRow, 'aliases'> & { aliases: string };
export function listGpus(db: ReadableDB): GpuRow[] {
  return (db.prepare('SELECT * FROM gpu_types ORDER BY vendor, release_year, id').all() as GpuDbRow[]).map((g) => ({
    ...g,
    aliases: g.aliases.split(';').map((a) => a.trim()).filter(Boolean),
  }));
}
export function gpuIds(db: ReadableDB): string[] {
  return (db.prepare('SELECT id FROM gpu_types ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}
export function listModels(db: ReadableDB): ModelRow[] {
  return db.prepare('SELECT * FROM llm_models ORDER BY family, params_total_b, id').all() as ModelRow[];
}
