/**
 * Travel profiles for OSM ways: which ways a mode may use, in which directions, at what speed. Profiles
 * are data (tables below, exported for docs/routing.md) plus one small `route(tags)` function each.
 * Called once per way while building (≈30k ways for Tampere), so plain objects are fine here.
 *
 * | highway          | car km/h | walk km/h        | bike km/h          |
 * |------------------|----------|------------------|--------------------|
 * | motorway         | 100      | – (foot=yes only)| – (bicycle=yes only)|
 * | motorway_link    | 60       | – (foot=yes only)| – (bicycle=yes only)|
 * | trunk            | 80       | – (foot=yes only)| 16 (not motorroad) |
 * | trunk_link       | 50       | – (foot=yes only)| 16 (not motorroad) |
 * | primary          | 60       | 5                | 16                 |
 * | primary_link     | 40       | 5                | 16                 |
 * | secondary        | 50       | 5                | 16                 |
 * | secondary_link   | 40       | 5                | 16                 |
 * | tertiary         | 50       | 5                | 16                 |
 * | tertiary_link    | 30       | 5                | 16                 |
 * | unclassified     | 40       | 5                | 16                 |
 * | residential      | 40       | 5                | 16                 |
 * | living_street    | 20       | 5                | 16                 |
 * | service          | 20 (¹)   | 5                | 16                 |
 * | road             | 30       | 5                | 16                 |
 * | track            | 20 (²)   | 5                | 16                 |
 * | cycleway         | –        | 5 (unless foot=no)| 16                |
 * | path             | –        | 5                | 16 (unless bicycle=no)|
 * | footway          | –        | 5                | 5 pushing (16 with bicycle=yes/designated)|
 * | pedestrian       | –        | 5                | 5 pushing (16 with bicycle=yes/designated)|
 * | steps            | –        | 5                | 3 pushing          |
 * | bridleway        | –        | 5                | 5 pushing          |
 * | corridor         | –        | 5                | –                  |
 * | construction, proposed, platform, bus_stop, services, rest_area, abandoned, razed, raceway, elevator, escalator, bus_guideway, busway, no | – | – | – |
 * (¹) service=parking_aisle, drive-through and emergency_access are excluded for car (see below).
 * (²) track only with explicit motor-vehicle access (motorcar/motor_vehicle/vehicle = yes/designated/destination…).
 *
 * Why these car speeds. Free-flow speeds at or below the Finnish limits: the general limits are 50 km/h
 * in built-up areas and 80 km/h elsewhere (Tieliikennelaki 729/2018 and Traficom's general-limit
 * decision); motorways are signed 120 km/h in summer and 100 km/h in winter and near towns, so 100 is
 * the year-round value (LEM, Traficom's national model, uses 97–113 for its motorway classes). Untagged
 * primary/secondary roads in OSM Finland are mostly urban main streets (50–60), residential streets are
 * mostly 30–40, a pihakatu (living_street) is 20 by law, service roads are slow yards and lanes.
 * A tagged `maxspeed` always wins over the class default (see `parseMaxspeed`). No junction delays are
 * modelled, so car times are free-flow (a lower bound on real times), as in the LEM free-flow skims.
 *
 * Car rules: oneway=yes/1/true forward only, -1/reverse backward only, reversible/alternating skipped
 * (direction changes with time); junction=roundabout/circular and highway=motorway(_link) are implied
 * oneway. Access: the most specific of motorcar > motor_vehicle > vehicle > access decides; no, private,
 * agricultural, forestry, delivery, emergency, military, psv, bus, permit → not for car; destination,
 * customers, permissive, yes, designated → allowed (a trip to a health centre is a destination trip).
 * service=parking_aisle is excluded (routes through car parks are shortcuts nobody drives and add many
 * tiny edges), drive-through (queue lanes through a building) and emergency_access (legally closed to
 * private cars) too; driveway and alley are kept (they reach the door and are dead ends, so they create
 * no shortcut). Ferries (route=ferry) are excluded in all profiles: a timetable wait cannot be expressed
 * as a speed, and the bundled Tampere extract contains none (its pre-processing kept only highway=*).
 * area=yes (pedestrian plazas drawn as polygons) is excluded in all profiles.
 *
 * Walk: 5 km/h on every way above, both directions; foot = no / private / use_sidepath excludes
 * (foot=yes overrides access=no); motorway, trunk and motorroad=yes only with foot=yes/designated/permissive
 * (walking on Finnish moottoritie/moottoriliikennetie is forbidden).
 * Bike: 16 km/h riding, 5 km/h pushing where cycling is not allowed but walking is (footway, pedestrian,
 * bridleway, bicycle=dismount; steps 3 km/h) — adults may not ride on Finnish footways. bicycle = no /
 * private / use_sidepath excludes; motorroad=yes and motorways excluded. Oneway as for cars, except
 * oneway:bicycle=no and cycleway=opposite* which open both directions (and oneway:bicycle=yes/-1 which
 * adds one); pushing is allowed both ways.
 */
import type { TravelMode } from './graph.js';
import type { OsmTags } from './pbf.js';

/** How one mode may use one way: directions relative to the way's node order, and a speed. */
export interface WayRouting {
  forward: boolean;
  backward: boolean;
  kmh: number;
}

export interface Profile {
  readonly mode: TravelMode;
  /** Name and version, stored in the graph's meta and hashed into its cache key, e.g. "osm-car-v1". */
  readonly name: string;
  /** Routing for one way, or null when this mode may not use it. */
  route(tags: OsmTags): WayRouting | null;
}

/** Car free-flow speeds (km/h) by highway class when no usable maxspeed is tagged. */
export const CAR_SPEED_KMH: Readonly<Record<string, number>> = {
  motorway: 100,
  motorway_link: 60,
  trunk: 80,
  trunk_link: 50,
  primary: 60,
  primary_link: 40,
  secondary: 50,
  secondary_link: 40,
  tertiary: 50,
  tertiary_link: 30,
  unclassified: 40,
  residential: 40,
  living_street: 20,
  service: 20,
  road: 30,
  track: 20,
};

export const WALK_KMH = 5;
export const BIKE_KMH = 16;
export const BIKE_PUSH_KMH = 5;
export const BIKE_STEPS_KMH = 3;
/** maxspeed=walk ("walking pace"): the OSM wiki documents it as about walking speed. */
export const MAXSPEED_WALK_KMH = 6;

/** Country speed-zone values of `maxspeed` (e.g. "FI:urban"); the Finnish general limits. */
export const MAXSPEED_ZONES_KMH: Readonly<Record<string, number>> = {
  urban: 50,
  rural: 80,
  motorway: 120,
  living_street: 20,
  pedestrian_zone: 20,
  walk: MAXSPEED_WALK_KMH,
};

/** Classes excluded in every profile, whatever else is tagged. */
export const EXCLUDED_HIGHWAYS: readonly string[] = [
  'construction', 'proposed', 'planned', 'platform', 'bus_stop', 'services', 'rest_area', 'abandoned', 'disused', 'razed',
  'raceway', 'elevator', 'escalator', 'bus_guideway', 'busway', 'no', 'emergency_bay', 'traffic_island',
]; // prettier-ignore

/** service=* values excluded for car (see the module comment for why). */
export const CAR_EXCLUDED_SERVICE: readonly string[] = ['parking_aisle', 'drive-through', 'emergency_access'];

const CAR_DENY = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'emergency', 'military', 'psv', 'bus', 'permit', 'agricultural;forestry']);
const CAR_EXPLICIT_ALLOW = new Set(['yes', 'designated', 'permissive', 'destination', 'customers']);
const FOOT_DENY = new Set(['no', 'private', 'use_sidepath']);
const BIKE_DENY = new Set(['no', 'private', 'use_sidepath']);
const EXPLICIT_YES = new Set(['yes', 'designated', 'permissive']);

const WALK_HIGHWAYS = new Set([
  'footway', 'path', 'pedestrian', 'steps', 'residential', 'service', 'track', 'cycleway', 'living_street', 'unclassified',
  'tertiary', 'tertiary_link', 'secondary', 'secondary_link', 'primary', 'primary_link', 'road', 'bridleway', 'corridor',
]); // prettier-ignore
const WALK_ONLY_WITH_FOOT_YES = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link']);
const BIKE_RIDE_HIGHWAYS = new Set([
  'cycleway', 'path', 'residential', 'service', 'unclassified', 'tertiary', 'tertiary_link', 'secondary', 'secondary_link',
  'primary', 'primary_link', 'living_street', 'track', 'road', 'trunk', 'trunk_link',
]); // prettier-ignore
const BIKE_PUSH_HIGHWAYS = new Set(['footway', 'pedestrian', 'bridleway', 'steps']);

/**
 * Parse an OSM `maxspeed` value to km/h: "50", "50 km/h", "30 mph", "10 knots", "FI:urban" (50),
 * "FI:rural" (80), "walk" (6), "50;40" (the lower). null for none/signals/variable/unparseable, so the
 * class default applies ("none" — no limit — does not occur on public Finnish roads).
 */
export function parseMaxspeed(value: string | undefined): number | null {
  if (value === undefined) return null;
  let best: number | null = null;
  for (const part of value.split(';')) {
    const v = parseOne(part.trim().toLowerCase());
    if (v !== null && (best === null || v < best)) best = v;
  }
  return best;
}

function parseOne(v: string): number | null {
  if (v === '' || v === 'none' || v === 'signals' || v === 'variable' || v === 'unknown') return null;
  if (v === 'walk') return MAXSPEED_WALK_KMH;
  const m = /^(\d+(?:[.,]\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/.exec(v);
  if (m) {
    const n = Number(m[1]!.replace(',', '.'));
    if (!(n > 0)) return null;
    if (m[2] === 'mph') return n * 1.609344;
    if (m[2] === 'knots') return n * 1.852;
    return n;
  }
  const zone = /^[a-z]{2}:(.+)$/.exec(v); // "FI:urban", "FI:zone30", "DE:zone:30"
  if (zone) {
    const z = zone[1]!;
    if (MAXSPEED_ZONES_KMH[z] !== undefined) return MAXSPEED_ZONES_KMH[z]!;
    const digits = /(\d+)$/.exec(z);
    if (digits && Number(digits[1]) > 0) return Number(digits[1]);
  }
  return null;
}

type Oneway = 'both' | 'forward' | 'backward' | 'skip';

/** Oneway from `oneway`, with implied oneway for roundabouts (and motorways when `impliedMotorway`). */
export function parseOneway(tags: OsmTags, impliedMotorway: boolean): Oneway {
  const o = tags.oneway;
  if (o === 'yes' || o === '1' || o === 'true') return 'forward';
  if (o === '-1' || o === 'reverse') return 'backward';
  if (o === 'reversible' || o === 'alternating') return 'skip';
  const j = tags.junction;
  if (j === 'roundabout' || j === 'circular') return 'forward';
  if (o === 'no' || o === '0' || o === 'false') return 'both';
  if (impliedMotorway && (tags.highway === 'motorway' || tags.highway === 'motorway_link')) return 'forward';
  return 'both';
}

/** The value of the first present tag among `keys` (most specific first). */
function firstTag(tags: OsmTags, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = tags[k];
    if (v !== undefined) return v;
  }
  return undefined;
}

function excludedEverywhere(tags: OsmTags): boolean {
  const hw = tags.highway;
  if (hw === undefined) return true; // includes route=ferry ways: see the module comment
  if (EXCLUDED_HIGHWAYS.includes(hw)) return true;
  if (tags.area === 'yes') return true;
  return false;
}

function directions(oneway: Oneway, kmh: number): WayRouting | null {
  if (oneway === 'skip') return null;
  return { forward: oneway !== 'backward', backward: oneway !== 'forward', kmh };
}

const CAR_ACCESS_KEYS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'] as const;

export const carProfile: Profile = {
  mode: 'car',
  name: 'osm-car-v1',
  route(tags) {
    if (excludedEverywhere(tags)) return null;
    const hw = tags.highway!;
    const base = CAR_SPEED_KMH[hw];
    if (base === undefined) return null;
    const access = firstTag(tags, CAR_ACCESS_KEYS);
    if (access !== undefined && CAR_DENY.has(access)) return null;
    if (hw === 'track' && (access === undefined || !CAR_EXPLICIT_ALLOW.has(access))) return null;
    if (hw === 'service' && tags.service !== undefined && CAR_EXCLUDED_SERVICE.includes(tags.service)) return null;
    const kmh = parseMaxspeed(tags.maxspeed) ?? base;
    return directions(parseOneway(tags, true), kmh);
  },
};

export const walkProfile: Profile = {
  mode: 'walk',
  name: 'osm-walk-v1',
  route(tags) {
    if (excludedEverywhere(tags)) return null;
    const hw = tags.highway!;
    const foot = tags.foot;
    const footYes = foot !== undefined && EXPLICIT_YES.has(foot);
    if (WALK_ONLY_WITH_FOOT_YES.has(hw) || tags.motorroad === 'yes') {
      if (!footYes) return null;
    } else if (!WALK_HIGHWAYS.has(hw)) return null;
    const access = firstTag(tags, ['foot', 'access']);
    if (access !== undefined && FOOT_DENY.has(access)) return null;
    return { forward: true, backward: true, kmh: WALK_KMH };
  },
};

export const bikeProfile: Profile = {
  mode: 'bike',
  name: 'osm-bike-v1',
  route(tags) {
    if (excludedEverywhere(tags)) return null;
    const hw = tags.highway!;
    const bicycle = tags.bicycle;
    const bikeYes = bicycle !== undefined && EXPLICIT_YES.has(bicycle);
    const access = firstTag(tags, ['bicycle', 'vehicle', 'access']);
    if (access !== undefined && BIKE_DENY.has(access)) return null;
    const pushByClass = BIKE_PUSH_HIGHWAYS.has(hw) && !bikeYes;
    if (!pushByClass && bicycle === 'dismount') {
      // Walking the bike: allowed where walking is, both directions.
      return walkProfile.route(tags) ? { forward: true, backward: true, kmh: BIKE_PUSH_KMH } : null;
    }
    if (pushByClass) {
      if (!walkProfile.route(tags)) return null;
      return { forward: true, backward: true, kmh: hw === 'steps' ? BIKE_STEPS_KMH : BIKE_PUSH_KMH };
    }
    if (hw === 'motorway' || hw === 'motorway_link' || tags.motorroad === 'yes') {
      if (!bikeYes) return null;
    } else if (!BIKE_RIDE_HIGHWAYS.has(hw) && !(BIKE_PUSH_HIGHWAYS.has(hw) && bikeYes)) return null;
    return directions(bikeOneway(tags), BIKE_KMH);
  },
};

function bikeOneway(tags: OsmTags): Oneway {
  const ob = tags['oneway:bicycle'];
  if (ob === 'no' || ob === '0' || ob === 'false') return 'both';
  if (ob === 'yes' || ob === '1' || ob === 'true') return 'forward';
  if (ob === '-1') return 'backward';
  const opposite = (v: string | undefined) => v !== undefined && v.startsWith('opposite');
  if (opposite(tags.cycleway) || opposite(tags['cycleway:left']) || opposite(tags['cycleway:right']) || opposite(tags['cycleway:both'])) return 'both';
  return parseOneway(tags, false);
}

export const PROFILES: Readonly<Record<TravelMode, Profile>> = { car: carProfile, walk: walkProfile, bike: bikeProfile };

/** The default OSM profile of a travel mode. */
export function profileFor(mode: TravelMode): Profile {
  const p = PROFILES[mode];
  if (!p) throw new Error(`unknown travel mode "${String(mode)}"`);
  return p;
}

/** The profile table as rows (speeds in km/h, null = not routable by default), for docs and the CLI. */
export function profileTable(): Array<{ highway: string; car: number | null; walk: number | null; bike: number | null }> {
  const classes = [...new Set([...Object.keys(CAR_SPEED_KMH), ...WALK_HIGHWAYS, ...BIKE_RIDE_HIGHWAYS, ...BIKE_PUSH_HIGHWAYS, ...WALK_ONLY_WITH_FOOT_YES])];
  return classes.map((highway) => {
    const speed = (p: Profile) => p.route({ highway })?.kmh ?? null;
    return { highway, car: speed(carProfile), walk: speed(walkProfile), bike: speed(bikeProfile) };
  });
}
