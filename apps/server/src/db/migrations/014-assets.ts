import { sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../database';

/**
 * The plant as a hierarchy of assets (site → area → line → machine → …; types are data), and
 * each device's asset. The site and zone strings devices carried so far become assets: each
 * site a `site`, each zone an `area` under its site, and every device is attached to the
 * most precise of them.
 */
export const migration014 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('assets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // No cascade: the service refuses to orphan children, or detaches them on request.
      .addColumn('parent_id', 'text', (c) => c.references('assets.id'))
      .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('assets_parent').on('assets').column('parent_id').execute();
    await db.schema.createIndex('assets_type').on('assets').column('type').execute();
    await db.schema
      .alterTable('devices')
      .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('devices_asset').on('devices').column('asset_id').execute();
    await assetsFromLocations(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('devices_asset').execute();
    await db.schema.alterTable('devices').dropColumn('asset_id').execute();
    await db.schema.dropTable('assets').execute();
  },
});

/** An id made of a name: the characters an asset id allows, at most `max` of them. */
function slug(text: string, max: number): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, max);
  return s || 'x';
}

async function assetsFromLocations(db: Kysely<unknown>) {
  const pairs = (
    await sql<{ site: string | null; zone: string | null }>`
      select distinct site, zone from devices order by site, zone`.execute(db)
  ).rows.map((r) => JSON.stringify([(r.site ?? '').trim(), (r.zone ?? '').trim()]));
  const rows = [...new Set(pairs)].map((p) => {
    const [site, zone] = JSON.parse(p) as [string, string];
    return { site, zone };
  });
  const now = Date.now();
  const taken = new Set<string>();
  const unique = (base: string) => {
    let id = base.slice(0, 64);
    for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
    taken.add(id);
    return id;
  };
  const insert = (id: string, name: string, type: string, parent: string | null) =>
    sql`insert into assets (id, name, type, parent_id, properties, tags, created_at, updated_at)
        values (${id}, ${name.slice(0, 120)}, ${type}, ${parent}, '{}', '[]', ${now}, ${now})`.execute(db);

  const sites = new Map<string, string>();
  for (const { site } of rows) {
    if (!site || sites.has(site)) continue;
    const id = unique(`site-${slug(site, 56)}`);
    sites.set(site, id);
    await insert(id, site, 'site', null);
  }
  for (const { site, zone } of rows) {
    let assetId = site ? sites.get(site) : undefined;
    if (zone) {
      assetId = unique(assetId ? `${assetId.slice(0, 40)}.${slug(zone, 23)}` : `area-${slug(zone, 56)}`);
      await insert(assetId, zone, 'area', site ? (sites.get(site) ?? null) : null);
    }
    if (!assetId) continue;
    await sql`update devices set asset_id = ${assetId}
              where coalesce(trim(site), '') = ${site} and coalesce(trim(zone), '') = ${zone}`.execute(db);
  }
}
