import { describe, expect, it } from 'vitest';
import { bikeProfile, carProfile, parseMaxspeed, profileTable, walkProfile } from './profiles.js';

describe('maxspeed parsing', () => {
  it('reads numbers, units, Finnish zones and special values', () => {
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed('80 km/h')).toBe(80);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('FI:urban')).toBe(50);
    expect(parseMaxspeed('FI:rural')).toBe(80);
    expect(parseMaxspeed('FI:zone30')).toBe(30);
    expect(parseMaxspeed('walk')).toBe(6);
    expect(parseMaxspeed('50;30')).toBe(30);
    expect(parseMaxspeed('none')).toBeNull();
    expect(parseMaxspeed('signals')).toBeNull();
    expect(parseMaxspeed('fast')).toBeNull();
    expect(parseMaxspeed('0')).toBeNull();
    expect(parseMaxspeed(undefined)).toBeNull();
  });
});

describe('car profile', () => {
  it('uses class speeds, and maxspeed when tagged', () => {
    expect(carProfile.route({ highway: 'residential' })).toEqual({ forward: true, backward: true, kmh: 40 });
    expect(carProfile.route({ highway: 'primary', maxspeed: '80' })!.kmh).toBe(80);
    expect(carProfile.route({ highway: 'tertiary', maxspeed: 'FI:rural' })!.kmh).toBe(80);
    expect(carProfile.route({ highway: 'living_street' })!.kmh).toBe(20);
  });
  it('handles oneway yes, -1, reversible, roundabouts and motorways', () => {
    expect(carProfile.route({ highway: 'residential', oneway: 'yes' })).toMatchObject({ forward: true, backward: false });
    expect(carProfile.route({ highway: 'residential', oneway: '-1' })).toMatchObject({ forward: false, backward: true });
    expect(carProfile.route({ highway: 'residential', oneway: 'reversible' })).toBeNull();
    expect(carProfile.route({ highway: 'primary', junction: 'roundabout' })).toMatchObject({ forward: true, backward: false });
    expect(carProfile.route({ highway: 'motorway' })).toMatchObject({ forward: true, backward: false });
    expect(carProfile.route({ highway: 'motorway', oneway: 'no' })).toMatchObject({ forward: true, backward: true });
  });
  it('respects access restrictions (most specific tag wins; destination allowed)', () => {
    expect(carProfile.route({ highway: 'service', access: 'private' })).toBeNull();
    expect(carProfile.route({ highway: 'residential', motor_vehicle: 'no' })).toBeNull();
    expect(carProfile.route({ highway: 'residential', vehicle: 'agricultural' })).toBeNull();
    expect(carProfile.route({ highway: 'residential', access: 'no', motorcar: 'yes' })).not.toBeNull();
    expect(carProfile.route({ highway: 'residential', access: 'destination' })).not.toBeNull();
  });
  it('excludes non-roads, parking aisles, tracks without access, areas and ferries', () => {
    for (const hw of ['footway', 'cycleway', 'path', 'steps', 'construction', 'proposed', 'platform', 'bus_stop', 'services']) expect(carProfile.route({ highway: hw })).toBeNull();
    expect(carProfile.route({ highway: 'service', service: 'parking_aisle' })).toBeNull();
    expect(carProfile.route({ highway: 'service', service: 'emergency_access' })).toBeNull();
    expect(carProfile.route({ highway: 'service', service: 'driveway' })).not.toBeNull();
    expect(carProfile.route({ highway: 'track' })).toBeNull();
    expect(carProfile.route({ highway: 'track', motor_vehicle: 'destination' })).not.toBeNull();
    expect(carProfile.route({ highway: 'pedestrian', area: 'yes' })).toBeNull();
    expect(carProfile.route({ route: 'ferry' })).toBeNull();
  });
});

describe('walk profile', () => {
  it('walks both ways at 5 km/h on walkable ways, ignoring oneway', () => {
    expect(walkProfile.route({ highway: 'footway' })).toEqual({ forward: true, backward: true, kmh: 5 });
    expect(walkProfile.route({ highway: 'residential', oneway: 'yes' })).toEqual({ forward: true, backward: true, kmh: 5 });
    expect(walkProfile.route({ highway: 'cycleway' })).not.toBeNull();
    expect(walkProfile.route({ highway: 'steps' })).not.toBeNull();
  });
  it('respects foot=no and keeps pedestrians off motorways and trunks unless foot=yes', () => {
    expect(walkProfile.route({ highway: 'cycleway', foot: 'no' })).toBeNull();
    expect(walkProfile.route({ highway: 'residential', foot: 'no' })).toBeNull();
    expect(walkProfile.route({ highway: 'motorway' })).toBeNull();
    expect(walkProfile.route({ highway: 'trunk' })).toBeNull();
    expect(walkProfile.route({ highway: 'trunk', foot: 'yes' })).not.toBeNull();
    expect(walkProfile.route({ highway: 'primary', motorroad: 'yes' })).toBeNull();
    expect(walkProfile.route({ highway: 'service', access: 'private' })).toBeNull();
    expect(walkProfile.route({ highway: 'service', access: 'no', foot: 'yes' })).not.toBeNull();
  });
});

describe('bike profile', () => {
  it('rides at 16 km/h, pushes at walking speed where riding is not allowed', () => {
    expect(bikeProfile.route({ highway: 'cycleway' })!.kmh).toBe(16);
    expect(bikeProfile.route({ highway: 'path' })!.kmh).toBe(16);
    expect(bikeProfile.route({ highway: 'path', bicycle: 'no' })).toBeNull();
    expect(bikeProfile.route({ highway: 'footway' })!.kmh).toBe(5);
    expect(bikeProfile.route({ highway: 'footway', bicycle: 'designated' })!.kmh).toBe(16);
    expect(bikeProfile.route({ highway: 'residential', bicycle: 'dismount' })!.kmh).toBe(5);
    expect(bikeProfile.route({ highway: 'motorway' })).toBeNull();
    expect(bikeProfile.route({ highway: 'trunk', motorroad: 'yes' })).toBeNull();
  });
  it('follows oneway except where oneway:bicycle=no or a contraflow cycleway opens it', () => {
    expect(bikeProfile.route({ highway: 'residential', oneway: 'yes' })).toMatchObject({ forward: true, backward: false });
    expect(bikeProfile.route({ highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no' })).toMatchObject({ forward: true, backward: true });
    expect(bikeProfile.route({ highway: 'residential', oneway: '-1', cycleway: 'opposite_lane' })).toMatchObject({ forward: true, backward: true });
    expect(bikeProfile.route({ highway: 'primary', junction: 'roundabout' })).toMatchObject({ forward: true, backward: false });
  });
});

describe('profile table', () => {
  it('lists every class with the speed each mode uses by default', () => {
    const rows = Object.fromEntries(profileTable().map((r) => [r.highway, r]));
    expect(rows.motorway).toEqual({ highway: 'motorway', car: 100, walk: null, bike: null });
    expect(rows.footway).toEqual({ highway: 'footway', car: null, walk: 5, bike: 5 });
    expect(rows.residential!.car).toBe(40);
    expect(carProfile.name).toBe('osm-car-v1');
  });
});
