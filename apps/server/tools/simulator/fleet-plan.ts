/**
 * The simulated plant: which devices exist, what they are and where they stand. Deterministic from
 * (count, seed), so the server can register exactly the devices the simulator will play.
 */
import { createRng, hashInts, type Rng } from './prng';

export interface PlannedDevice {
  id: string;
  name: string;
  model: string;
  location: { site: string; zone: string; x: number; y: number };
  manufacturer: string;
  model_number: string;
  firmware: string;
  installed_at: string;
  tags: string[];
}

export const SIMULATED_SITE = 'Riverside plant';

interface Zone {
  name: string;
  slug: string;
  /** Rectangle on the 0..100 floor plan: [x0, y0, x1, y1]. */
  rect: readonly [number, number, number, number];
}

const zones = {
  pumps: { name: 'Pump house', slug: 'pump-house', rect: [2, 2, 30, 38] },
  air: { name: 'Compressor room', slug: 'compressor-room', rect: [2, 44, 30, 74] },
  electrical: { name: 'Electrical room', slug: 'electrical-room', rect: [2, 80, 30, 98] },
  lineA: { name: 'Assembly line A', slug: 'line-a', rect: [36, 2, 98, 30] },
  lineB: { name: 'Assembly line B', slug: 'line-b', rect: [36, 36, 98, 64] },
  warehouse: { name: 'Warehouse', slug: 'warehouse', rect: [36, 70, 98, 98] },
} satisfies Record<string, Zone>;

interface Kind {
  model: string;
  /** Share of the fleet, relative to the others: more sensors than machines. */
  weight: number;
  tag: string;
  tagBase: number;
  names: readonly string[];
  zones: readonly Zone[];
  catalogue: ReadonlyArray<readonly [manufacturer: string, modelNumber: string]>;
  category: 'sensor' | 'machine';
}

const kinds: Kind[] = [
  {
    model: 'temperature_sensor',
    weight: 4,
    tag: 'TT',
    tagBase: 400,
    names: ['Temperature sensor'],
    zones: [zones.electrical, zones.lineA, zones.warehouse, zones.lineB, zones.air],
    catalogue: [
      ['Endress+Hauser', 'iTEMP TMT82'],
      ['Siemens', 'SITRANS TH320'],
      ['WIKA', 'T32.1S'],
    ],
    category: 'sensor',
  },
  {
    model: 'vibration_sensor',
    weight: 3.5,
    tag: 'VT',
    tagBase: 600,
    names: ['Vibration sensor'],
    zones: [zones.lineA, zones.lineB, zones.pumps],
    catalogue: [
      ['SKF', 'CMWA 8800'],
      ['IFM', 'VVB001'],
      ['Hansford Sensors', 'HS-420'],
    ],
    category: 'sensor',
  },
  {
    model: 'pressure_sensor',
    weight: 3,
    tag: 'PT',
    tagBase: 500,
    names: ['Pressure sensor'],
    zones: [zones.air, zones.pumps, zones.electrical],
    catalogue: [
      ['Endress+Hauser', 'Cerabar PMC51'],
      ['WIKA', 'S-20'],
      ['Vega', 'VEGABAR 28'],
    ],
    category: 'sensor',
  },
  {
    model: 'humidity_sensor',
    weight: 2.5,
    tag: 'MT',
    tagBase: 700,
    names: ['Humidity sensor'],
    zones: [zones.warehouse, zones.pumps, zones.lineB, zones.lineA],
    catalogue: [
      ['Vaisala', 'HMT330'],
      ['E+E Elektronik', 'EE210'],
    ],
    category: 'sensor',
  },
  {
    model: 'power_meter',
    weight: 2.5,
    tag: 'JT',
    tagBase: 800,
    names: ['Power meter'],
    zones: [zones.electrical, zones.lineA, zones.lineB],
    catalogue: [
      ['Schneider Electric', 'PowerLogic PM5560'],
      ['Siemens', 'SENTRON PAC3200'],
      ['Janitza', 'UMG 604-PRO'],
    ],
    category: 'sensor',
  },
  {
    model: 'centrifugal_pump',
    weight: 3.5,
    tag: 'P',
    tagBase: 100,
    names: ['Cooling water pump', 'Process water pump', 'Boiler feed pump', 'Condensate pump'],
    zones: [zones.pumps],
    catalogue: [
      ['KSB', 'Etanorm 065-040-250'],
      ['Grundfos', 'NB 65-250'],
      ['Sulzer', 'AHLSTAR A22-50'],
    ],
    category: 'machine',
  },
  {
    model: 'electric_motor',
    weight: 3.5,
    tag: 'M',
    tagBase: 200,
    names: ['Conveyor drive motor', 'Extraction fan motor', 'Mixer drive motor', 'Press drive motor'],
    zones: [zones.lineA, zones.lineB],
    catalogue: [
      ['Siemens', 'SIMOTICS 1LE1003-2AB5'],
      ['ABB', 'M3BP 200MLA 4'],
      ['WEG', 'W22 IE3 200L'],
    ],
    category: 'machine',
  },
  {
    model: 'air_compressor',
    weight: 2.5,
    tag: 'C',
    tagBase: 300,
    names: ['Main air compressor', 'Standby air compressor', 'Line air compressor'],
    zones: [zones.air],
    catalogue: [
      ['Atlas Copco', 'GA 55 VSD+'],
      ['Kaeser', 'BSD 75 SFC'],
      ['Ingersoll Rand', 'RS55n'],
    ],
    category: 'machine',
  },
];

/** How many of each kind: shares by weight (largest remainder), and one of each from 8 devices up. */
function allocate(count: number): number[] {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  const exact = kinds.map((k) => (count * k.weight) / total);
  const counts = exact.map(Math.floor);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let n = count - counts.reduce((s, c) => s + c, 0), j = 0; n > 0; n--, j++) {
    const i = byRemainder[j]?.i ?? 0;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  if (count >= kinds.length) {
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] !== 0) continue;
      const donor = counts.indexOf(Math.max(...counts));
      counts[donor] = (counts[donor] ?? 1) - 1;
      counts[i] = 1;
    }
  }
  return counts;
}

const REFERENCE_DAY = Date.UTC(2025, 5, 1);

function installDate(rng: Rng): string {
  const days = rng.int(120, 2600);
  return new Date(REFERENCE_DAY - days * 86_400_000).toISOString().slice(0, 10);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function planFleet(count: number, seed: number): PlannedDevice[] {
  if (!Number.isInteger(count) || count < 0) throw new Error('count must be a non-negative integer');
  const rng = createRng(hashInts(seed, 0xf1ee7));
  const counts = allocate(count);

  // One entry per device, models interleaved by the seed so ids do not group by type.
  const slots = rng.shuffle(kinds.flatMap((kind, i) => Array.from({ length: counts[i] ?? 0 }, () => kind)));
  const perKind = new Map<Kind, number>();
  const perZone = new Map<Zone, number>();
  const firstZone = new Map(kinds.map((k) => [k, rng.int(0, k.zones.length - 1)]));
  const drafts = slots.map((kind, index) => {
    const n = perKind.get(kind) ?? 0;
    perKind.set(kind, n + 1);
    const zone = kind.zones[((firstZone.get(kind) ?? 0) + n) % kind.zones.length] as Zone;
    const place = perZone.get(zone) ?? 0;
    perZone.set(zone, place + 1);
    return { kind, index, n, zone, place };
  });

  return drafts.map(({ kind, index, n, zone, place }) => {
    // Lay each zone's devices out on a grid inside its rectangle, with a little jitter.
    const inZone = perZone.get(zone) ?? 1;
    const cols = Math.ceil(
      Math.sqrt(inZone * ((zone.rect[2] - zone.rect[0]) / (zone.rect[3] - zone.rect[1]))),
    );
    const rows = Math.ceil(inZone / cols);
    const [x0, y0, x1, y1] = zone.rect;
    const x = x0 + ((place % cols) + 0.5) * ((x1 - x0) / cols) + rng.range(-1.5, 1.5);
    const y = y0 + (Math.floor(place / cols) + 0.5) * ((y1 - y0) / rows) + rng.range(-1.5, 1.5);
    const tagNumber = `${kind.tag}-${kind.tagBase + n + 1}`;
    const base = kind.names[n % kind.names.length] ?? kind.model;
    const [manufacturer, modelNumber] = rng.pick(kind.catalogue);
    const tags = ['simulated', kind.category, zone.slug];
    if (kind.category === 'machine' && n % 3 === 0) tags.push('critical-asset');
    return {
      id: `DEVICE_${String(index + 1).padStart(3, '0')}`,
      name: `${base} ${tagNumber}`,
      model: kind.model,
      location: {
        site: SIMULATED_SITE,
        zone: zone.name,
        x: round1(Math.min(100, Math.max(0, x))),
        y: round1(Math.min(100, Math.max(0, y))),
      },
      manufacturer,
      model_number: modelNumber,
      firmware: `${rng.int(1, 4)}.${rng.int(0, 9)}.${rng.int(0, 20)}`,
      installed_at: installDate(rng),
      tags,
    };
  });
}
