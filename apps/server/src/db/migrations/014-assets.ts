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
    // A report keeps the asset it was narrowed to (a name, not a key: reports outlive assets).
    await db.schema.alterTable('reports').addColumn('asset_id', 'text').execute();
    await assetsFromLocations(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('reports').dropColumn('asset_id').execute();
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

/**
 * Spellings of one place count once: case, surrounding and repeated spaces, and compatibility
 * characters (a no-break space, a full-width letter) do not make another site or zone.
 */
const placeKey = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function assetsFromLocations(db: Kysely<unknown>) {
  const devices = (
    await sql<{ id: string; site: string | null; zone: string | null }>`
      select id, site, zone from devices order by created_at, id`.execute(db)
  ).rows;
  // Each place is named as its first (oldest) device spells it.
  const siteNames = new Map<string, string>();
  const zoneNames = new Map<string, string>();
  const keyOf = (names: Map<string, string>, text: string | null) => {
    const key = placeKey(text ?? '');
    if (key && !names.has(key)) names.set(key, (text ?? '').replace(/\s+/g, ' ').trim());
    return key;
  };
  const placed = devices.map((d) => ({
    id: d.id,
    site: keyOf(siteNames, d.site),
    zone: keyOf(zoneNames, d.zone),
  }));
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
  for (const { site } of [...placed].sort((x, y) => byText(x.site, y.site))) {
    if (!site || sites.has(site)) continue;
    const name = siteNames.get(site) ?? site;
    const id = unique(`site-${slug(name, 56)}`);
    sites.set(site, id);
    await insert(id, name, 'site', null);
  }
  const areas = new Map<string, string>();
  const byPlace = new Map<string | undefined, string[]>();
  for (const { id, site, zone } of [...placed].sort(
    (x, y) => byText(x.site, y.site) || byText(x.zone, y.zone),
  )) {
    let assetId = site ? sites.get(site) : undefined;
    if (zone) {
      const place = JSON.stringify([site, zone]);
      let area = areas.get(place);
      if (!area) {
        const zoneName = zoneNames.get(zone) ?? zone;
        area = unique(
          assetId ? `${assetId.slice(0, 40)}.${slug(zoneName, 23)}` : `area-${slug(zoneName, 56)}`,
        );
        areas.set(place, area);
        await insert(area, zoneName, 'area', assetId ?? null);
      }
      assetId = area;
    }
    if (!assetId) continue;
    byPlace.set(assetId, [...(byPlace.get(assetId) ?? []), id]);
  }
  for (const [assetId, ids] of byPlace)
    for (let i = 0; i < ids.length; i += 500)
      await sql`update devices set asset_id = ${assetId} where id in (${sql.join(ids.slice(i, i + 500))})`.execute(
        db,
      );
}
