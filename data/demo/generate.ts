// Generates the illustrative demo data set: data/demo/projects.json and data/demo/parcels.geojson.
//
// ALL GEOMETRY IS INVENTED. No real parcel boundaries of these projects are public; the parcels are drawn
// from simple shapes placed plausibly in 鹤城区, Huaihua, so that the app can reproduce the figures of the
// 2021 performance report (project names, 33.288 mu for 迎丰组团10#安置区二期, about 329 mu for 怀南水产品市场, and the
// 330.022 mu audited in 2021 as the invented 城东物流园一期).
// See README.md in this folder for what is invented and what comes from the report.
//
// Deterministic: no randomness at all; the "irregularity" comes from fixed tables and sine terms.
// Run: npx tsx data/demo/generate.ts

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import turfArea from '@turf/area';
import geographiclib from 'geographiclib-geodesic';
import { gcj02Ring } from './gcj02.ts';

type Position = [number, number]; // [lon, lat], RFC 7946 order
type Attrs = { land_class: string; owner: string; status: 'surveyed' | 'approved' | 'acquired' };
type Parcel = Attrs & { project_code: string; code: string; ring: Position[]; claimed_area_mu?: string };

const OUT_DIR = dirname(fileURLToPath(import.meta.url));
const MU_PER_M2 = 15 / 10000; // 1 mu = 10000/15 m²
const SURVEY_ZONE = 37; // CGCS2000 3° Gauss-Krüger zone 37, central meridian 111°E
const BOUNDS = { west: 109.9, east: 110.1, south: 27.45, north: 27.65 };

// ---------------------------------------------------------------------------------------------------------
// Geometry helpers

// Geodesic area on the ellipsoid. WGS84 and CGCS2000 differ only in the 11th significant digit of the
// flattening, far below 0.001 mu, so WGS84 stands in for CGCS2000 (as the app and PostGIS do).
const geod = geographiclib.Geodesic.WGS84;

/** Signed ellipsoidal area in m² of a closed ring; positive when counter-clockwise. */
function ellipsoidalM2(ring: Position[]): number {
  const poly = geod.Polygon(false);
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon);
  return poly.Compute(false, true).area ?? NaN;
}

const mu3 = (m2: number): string => (m2 * MU_PER_M2).toFixed(3);

// Every coordinate is rounded once, when the vertex is made, and the same number is reused by every parcel
// that touches that vertex: shared edges are then bit-identical and neighbours cannot overlap.
const round8 = (v: number): number => Math.round(v * 1e8) / 1e8;

/** Maps local metres (x east, y north) around an origin to rounded [lon, lat] (equirectangular, fine at this size). */
function localFrame(lon0: number, lat0: number): (x: number, y: number) => Position {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const phi = (lat0 * Math.PI) / 180;
  const w = 1 - e2 * Math.sin(phi) ** 2;
  const metresPerDegLon = ((a / Math.sqrt(w)) * Math.cos(phi) * Math.PI) / 180;
  const metresPerDegLat = ((a * (1 - e2)) / w ** 1.5 * Math.PI) / 180;
  return (x, y) => [round8(lon0 + x / metresPerDegLon), round8(lat0 + y / metresPerDegLat)];
}

const closed = (pts: Position[]): Position[] => [...pts, pts[0]!];
const code = (prefix: string, n: number): string => `${prefix}-${String(n).padStart(3, '0')}`;
const at = <T>(xs: T[], i: number): T => {
  const x = xs[i];
  if (x === undefined) throw new Error(`index ${i} out of range`);
  return x;
};

// Owner collectives (集体经济组织). Only the villages 石门乡板山村 and 盈口乡炉天冲村 are named in the report;
// the groups (组) and all other names are invented.
const BANSHAN_3 = '石门乡板山村三组';
const BANSHAN_5 = '石门乡板山村五组';
const BANSHAN_6 = '石门乡板山村六组';
const MAAN_2 = '城中街道马鞍村二组';
const LUTIANCHONG = '盈口乡炉天冲村';
const LUTIANCHONG_3 = '盈口乡炉天冲村三组';
const LUTIANCHONG_4 = '盈口乡炉天冲村四组';
const WUSHUI_2 = '城南街道舞水村二组';
const TONGMU_1 = '迎丰街道桐木冲村一组';
const TONGMU_2 = '迎丰街道桐木冲村二组';
const ZHANGSHU_1 = '城东街道樟树湾村一组';
const ZHANGSHU_2 = '城东街道樟树湾村二组';
const ZHANGSHU_3 = '城东街道樟树湾村三组';

const A = (land_class: string, owner: string, status: Attrs['status'] = 'surveyed'): Attrs => ({ land_class, owner, status });

// ---------------------------------------------------------------------------------------------------------
// 正清路延长线: a 50 m road corridor along a gently curving 2 km centreline, cut into consecutive parcels.

function zhengqingRoad(): Parcel[] {
  const toLonLat = localFrame(109.975, 27.568);
  const heading = (20 * Math.PI) / 180; // the extension runs east-north-east
  const halfWidth = 25;
  const stepX = 20; // one cross-section every 20 m
  const stations = 101; // 0 … 2000 m

  // Each cross-section has three vertices (left, centre, right); the centre one lets a segment be split
  // lengthwise between two owners without leaving a T-junction on its neighbours' edges.
  const left: Position[] = [];
  const centre: Position[] = [];
  const right: Position[] = [];
  for (let k = 0; k < stations; k++) {
    const x = k * stepX;
    const y = 60 * Math.sin((Math.PI * x) / 2000); // one gentle bend, radius of curvature ≥ 5 km
    const slope = ((60 * Math.PI) / 2000) * Math.cos((Math.PI * x) / 2000);
    const len = Math.hypot(1, slope);
    const [nx, ny] = [-slope / len, 1 / len]; // unit normal, pointing left of the direction of travel
    const rot = (u: number, v: number): Position =>
      toLonLat(u * Math.cos(heading) - v * Math.sin(heading), u * Math.sin(heading) + v * Math.cos(heading));
    left.push(rot(x + nx * halfWidth, y + ny * halfWidth));
    centre.push(rot(x, y));
    right.push(rot(x - nx * halfWidth, y - ny * halfWidth));
  }

  // Segment lengths in stations (sum 100 = 2000 m). Two parcels means the segment is split along the
  // centreline: [left half, right half].
  const segments: { stations: number; parcels: Attrs[] }[] = [
    { stations: 6, parcels: [A('0101', BANSHAN_5, 'approved')] },
    { stations: 5, parcels: [A('0103', BANSHAN_5, 'approved')] },
    { stations: 7, parcels: [A('0702', BANSHAN_5, 'approved')] },
    { stations: 4, parcels: [A('1006', BANSHAN_5, 'approved')] },
    { stations: 6, parcels: [A('0101', BANSHAN_6)] },
    { stations: 8, parcels: [A('0301', BANSHAN_6), A('0103', BANSHAN_3)] },
    { stations: 5, parcels: [A('1104', BANSHAN_6)] },
    { stations: 6, parcels: [A('0101', BANSHAN_6)] },
    { stations: 7, parcels: [A('0702', BANSHAN_3)] },
    { stations: 5, parcels: [A('0103', BANSHAN_3)] },
    { stations: 6, parcels: [A('0101', BANSHAN_3)] },
    { stations: 4, parcels: [A('1006', MAAN_2), A('0702', BANSHAN_3)] },
    { stations: 7, parcels: [A('0301', MAAN_2)] },
    { stations: 6, parcels: [A('0101', MAAN_2)] },
    { stations: 8, parcels: [A('0103', MAAN_2)] },
    { stations: 10, parcels: [A('1104', MAAN_2)] },
  ];

  const parcels: Parcel[] = [];
  let i = 0;
  for (const seg of segments) {
    const j = i + seg.stations;
    const fwd = (line: Position[]) => line.slice(i, j + 1);
    const back = (line: Position[]) => line.slice(i, j + 1).reverse();
    // Counter-clockwise: forward along the right-hand side, back along the left-hand side.
    const rings =
      seg.parcels.length === 1
        ? [[...fwd(right), at(centre, j), ...back(left), at(centre, i)]]
        : [
            [...fwd(centre), ...back(left)], // left half
            [...fwd(right), ...back(centre)], // right half
          ];
    rings.forEach((ring, h) =>
      parcels.push({ ...at(seg.parcels, h), project_code: 'ZQL-2021', code: code('ZQL', parcels.length + 1), ring: closed(ring) }),
    );
    i = j;
  }
  if (i !== stations - 1) throw new Error(`ZQL segments cover ${i} of ${stations - 1} stations`);
  return parcels;
}

// ---------------------------------------------------------------------------------------------------------
// 怀南水产品市场: a block of fields on a slightly distorted grid, with a 12 m ditch crossing it north-south,
// scaled so that the block totals 329 mu (the report's "329亩地上附属物").

function huainanMarket(): Parcel[] {
  const toLonLat = localFrame(110.0, 27.525);
  const X = [0, 130, 142, 252, 372, 472]; // column lines; the ditch runs between 130 and 142
  const Y = [0, 150, 310, 470]; // row lines, south to north
  // The two ditch banks share one jitter group so the ditch keeps its width.
  const group = (c: number) => (c <= 1 ? c : c - 1);
  const vertexAt = (s: number) => (c: number, r: number): Position =>
    toLonLat(
      s * (at(X, c) + 9 * Math.sin(1.9 * r + 1.3 * group(c))),
      s * (at(Y, r) + 9 * Math.sin(2.3 * group(c) + 1.1 * r + 0.5)),
    );

  // Rows south to north, field columns west to east (the ditch column 1 is a parcel of its own).
  const fields: Attrs[][] = [
    [A('0101', LUTIANCHONG_3, 'approved'), A('0101', LUTIANCHONG_3, 'approved'), A('1104', LUTIANCHONG_4, 'approved'), A('0103', WUSHUI_2, 'approved')],
    [A('0201', LUTIANCHONG_3), A('0101', LUTIANCHONG_4), A('0101', LUTIANCHONG_4), A('0702', WUSHUI_2)],
    [A('0103', LUTIANCHONG_3), A('1104', LUTIANCHONG_4), A('0101', WUSHUI_2), A('0101', WUSHUI_2)],
  ];
  const fieldColumns = [0, 2, 3, 4];

  const build = (scale: number): Parcel[] => {
    const v = vertexAt(scale);
    const parcels: Parcel[] = [];
    const push = (attrs: Attrs, ring: Position[]) =>
      parcels.push({ ...attrs, project_code: 'HNSC-2021', code: code('HNSC', parcels.length + 1), ring: closed(ring) });
    fields.forEach((row, r) =>
      row.forEach((attrs, k) => {
        const c = at(fieldColumns, k);
        push(attrs, [v(c, r), v(c + 1, r), v(c + 1, r + 1), v(c, r + 1)]);
      }),
    );
    // The ditch spans all rows, so its banks pass through every row-line vertex of its neighbours.
    const rows = [0, 1, 2, 3];
    push(A('1107', LUTIANCHONG), [...rows.map((r) => v(2, r)), ...[...rows].reverse().map((r) => v(1, r))]);
    return parcels;
  };

  // Area grows with scale², so two fixed-point steps land on 329 mu to well under 0.01 mu.
  const totalMu = (ps: Parcel[]) => ps.reduce((sum, p) => sum + ellipsoidalM2(p.ring), 0) * MU_PER_M2;
  let scale = 1;
  for (let n = 0; n < 2; n++) scale *= Math.sqrt(329 / totalMu(build(scale)));
  return build(scale);
}

// ---------------------------------------------------------------------------------------------------------
// 迎丰组团10#安置区二期: six side-by-side strips whose ellipsoidal areas add up to the report's 33.288 mu.

function yingfengSite(): Parcel[] {
  const toLonLat = localFrame(110.022, 27.548);
  // Target area of each strip in mu; they add up to 33.288 exactly.
  const targets = [5.312, 6.047, 5.689, 4.925, 6.418, 4.897];
  const attrs = [
    A('0103', TONGMU_1, 'acquired'),
    A('0702', TONGMU_1, 'acquired'),
    A('0101', TONGMU_1, 'acquired'),
    A('0301', TONGMU_2, 'acquired'),
    A('0103', TONGMU_2, 'acquired'),
    A('1006', TONGMU_2, 'acquired'),
  ];
  // Strip boundary k runs north-south at longitude lon[k]; its south and north ends sit at fixed latitudes.
  const ySouth = [0, 1, -1, 0, 2, 1, 0];
  const yNorth = [118, 121, 119, 123, 120, 122, 119];
  const lat = (y: number) => toLonLat(0, y)[1];
  const lon: number[] = [toLonLat(0, 0)[0]];
  const ring = (k: number): Position[] =>
    closed([
      [at(lon, k), lat(at(ySouth, k))],
      [at(lon, k + 1), lat(at(ySouth, k + 1))],
      [at(lon, k + 1), lat(at(yNorth, k + 1))],
      [at(lon, k), lat(at(yNorth, k))],
    ]);

  // Solve each boundary in steps of 1e-8° (the output precision) so that the running total of areas is
  // closest to the running total of the targets: every strip then rounds to its target and the whole to
  // 33.288 (error < 0.0001 mu).
  let doneMu = 0;
  let targetMu = 0;
  targets.forEach((t, k) => {
    targetMu += t;
    const stripMu = (n: number) => {
      lon[k + 1] = n / 1e8;
      return ellipsoidalM2(ring(k)) * MU_PER_M2;
    };
    const start = Math.round(at(lon, k) * 1e8);
    let [lo, hi] = [start + 1, start + 100_000]; // up to ~100 m wide
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (doneMu + stripMu(mid) < targetMu) lo = mid;
      else hi = mid;
    }
    const best = Math.abs(doneMu + stripMu(lo) - targetMu) <= Math.abs(doneMu + stripMu(hi) - targetMu) ? lo : hi;
    doneMu += stripMu(best);
  });

  return targets.map((_, k) => ({ ...at(attrs, k), project_code: 'YF10-2021', code: code('YF10', k + 1), ring: ring(k) }));
}

// ---------------------------------------------------------------------------------------------------------
// 城东物流园一期 (invented): the project the audit section signed off in 2021. A block of fields on a slightly
// distorted grid, crossed north-south by a 12 m rural road, whose ellipsoidal areas add up to the report's
// 330.022 mu audited (全年稽核土地征收330.022亩), aimed at the middle of the rounding interval.

const AUDITED_2021_MU = 330.022

function chengdongPark(): Parcel[] {
  const toLonLat = localFrame(110.048, 27.578);
  const X = [0, 112, 224, 236, 352, 470]; // column lines; the road runs between 224 and 236
  const Y = [0, 116, 232, 346, 460]; // row lines, south to north
  const group = (c: number) => (c <= 2 ? c : c - 1); // the road's two edges share one jitter group
  const fields: Attrs[][] = [
    [A('0101', ZHANGSHU_1, 'acquired'), A('0101', ZHANGSHU_1, 'acquired'), A('0103', ZHANGSHU_2, 'acquired'), A('0101', ZHANGSHU_2, 'acquired')],
    [A('0702', ZHANGSHU_1, 'acquired'), A('0103', ZHANGSHU_1, 'acquired'), A('1202', ZHANGSHU_2, 'acquired'), A('0101', ZHANGSHU_2, 'acquired')],
    [A('0201', ZHANGSHU_3, 'acquired'), A('0702', ZHANGSHU_3, 'acquired'), A('0101', ZHANGSHU_2, 'acquired'), A('1104', ZHANGSHU_2, 'acquired')],
    [A('0301', ZHANGSHU_3, 'acquired'), A('0103', ZHANGSHU_3, 'acquired'), A('0103', ZHANGSHU_3, 'acquired'), A('0301', ZHANGSHU_3, 'acquired')],
  ];
  const fieldColumns = [0, 1, 3, 4];
  const last = [X.length - 1, Y.length - 1];

  // nudge: whole 1e-8° steps [east, north] of the north-east corner, which belongs to one parcel only.
  const build = (scale: number, nudge: [number, number]): Parcel[] => {
    const v = (c: number, r: number): Position => {
      const p = toLonLat(
        scale * (at(X, c) + 7 * Math.sin(1.7 * r + 1.1 * group(c))),
        scale * (at(Y, r) + 7 * Math.sin(2.1 * group(c) + 0.9 * r + 0.3)),
      );
      return c === last[0] && r === last[1] ? [round8(p[0] + nudge[0] / 1e8), round8(p[1] + nudge[1] / 1e8)] : p;
    };
    const parcels: Parcel[] = [];
    const push = (attrs: Attrs, ring: Position[]) =>
      parcels.push({ ...attrs, project_code: 'CDWL-2021', code: code('CDWL', parcels.length + 1), ring: closed(ring) });
    fields.forEach((row, r) =>
      row.forEach((attrs, k) => {
        const c = at(fieldColumns, k);
        push(attrs, [v(c, r), v(c + 1, r), v(c + 1, r + 1), v(c, r + 1)]);
      }),
    );
    const rows = [0, 1, 2, 3, 4];
    push(A('1006', ZHANGSHU_2, 'acquired'), [...rows.map((r) => v(3, r)), ...[...rows].reverse().map((r) => v(2, r))]);
    return parcels;
  };

  const totalMu = (ps: Parcel[]) => ps.reduce((sum, p) => sum + ellipsoidalM2(p.ring), 0) * MU_PER_M2;
  let scale = 1;
  for (let n = 0; n < 3; n++) scale *= Math.sqrt(AUDITED_2021_MU / totalMu(build(scale, [0, 0])));
  // Then the corner, in steps of the output precision, to the lattice point nearest the target.
  let best: { nudge: [number, number]; err: number } = { nudge: [0, 0], err: Infinity };
  for (let e = -40; e <= 40; e++) {
    for (let n = -40; n <= 40; n++) {
      const err = Math.abs(totalMu(build(scale, [e, n])) - AUDITED_2021_MU);
      if (err < best.err) best = { nudge: [e, n], err };
    }
  }
  return build(scale, best.nudge);
}

// ---------------------------------------------------------------------------------------------------------
// Assemble, claim, check, write.

const projects = [
  { code: 'ZQL-2021', name: '正清路延长线', name_en: 'Zhengqing Road extension', district: '鹤城区', color: '#e4572e' },
  { code: 'HNSC-2021', name: '怀南水产品市场', name_en: 'Huainan aquatic products market', district: '鹤城区', color: '#2e86ab' },
  { code: 'YF10-2021', name: '迎丰组团10#安置区二期', name_en: 'Yingfeng cluster 10 resettlement site, phase II', district: '鹤城区', color: '#76b041' },
  { code: 'CDWL-2021', name: '城东物流园一期', name_en: 'Chengdong logistics park, phase I', district: '鹤城区', color: '#8e6c8a' },
];

const parcels = [...zhengqingRoad(), ...huainanMarket(), ...yingfengSite(), ...chengdongPark()];

// Claimed areas (申报面积) normally equal the ellipsoidal area to 3 decimals. A few are deliberately off so
// that the audit features have something to find; keep this list in step with README.md.
const offClaims: Record<string, { why: string; claim: (ring: Position[]) => number }> = {
  'ZQL-005': { why: 'Turf 7 spherical area (@turf/area)', claim: (ring) => turfArea({ type: 'Polygon', coordinates: [ring] }) },
  'ZQL-012': { why: 'simply wrong, about +3 %', claim: (ring) => ellipsoidalM2(ring) * 1.03 },
  'HNSC-006': { why: 'GK 3° planar area (ellipsoidal × 1.000241)', claim: (ring) => ellipsoidalM2(ring) * 1.000241 },
  'HNSC-011': { why: 'ellipsoidal area of the outline traced on a GCJ-02 basemap (Amap)', claim: (ring) => ellipsoidalM2(gcj02Ring(ring)) },
};
for (const p of parcels) p.claimed_area_mu = mu3((offClaims[p.code]?.claim ?? ellipsoidalM2)(p.ring));

// Fail loudly rather than write a data set the app would reject or that misstates the report's figures.
for (const p of parcels) {
  const m2 = ellipsoidalM2(p.ring);
  if (!(m2 >= 50)) throw new Error(`${p.code}: area ${m2} m² (not counter-clockwise, or below 50 m²)`);
  if (p.ring.length < 4 || p.ring[0] !== p.ring.at(-1)) throw new Error(`${p.code}: ring not closed`);
  for (const [lon, lat] of p.ring) {
    if (lon < BOUNDS.west || lon > BOUNDS.east || lat < BOUNDS.south || lat > BOUNDS.north) {
      throw new Error(`${p.code}: vertex ${lon},${lat} outside the demo bounds`);
    }
  }
}
const yf = parcels.filter((p) => p.project_code === 'YF10-2021');
const yfMu = yf.reduce((s, p) => s + ellipsoidalM2(p.ring), 0) * MU_PER_M2;
const yfClaimed = yf.reduce((s, p) => s + Math.round(Number(p.claimed_area_mu) * 1000), 0);
if (Math.abs(yfMu - 33.288) > 0.0002 || yfClaimed !== 33288) {
  throw new Error(`迎丰: ellipsoidal ${yfMu.toFixed(6)} mu, claimed ${yfClaimed / 1000}; both must be 33.288`);
}

const cd = parcels.filter((p) => p.project_code === 'CDWL-2021');
const cdMu = cd.reduce((s, p) => s + ellipsoidalM2(p.ring), 0) * MU_PER_M2;
if (Math.abs(cdMu - AUDITED_2021_MU) > 0.0001) throw new Error(`城东物流园: ellipsoidal ${cdMu.toFixed(6)} mu, not 330.022 ± 0.0001`);

writeFileSync(join(OUT_DIR, 'projects.json'), JSON.stringify(projects, null, 2) + '\n');

// One feature per line: small diffs when the generator changes, still valid GeoJSON.
const features = parcels.map((p) =>
  JSON.stringify({
    type: 'Feature',
    properties: {
      project_code: p.project_code,
      code: p.code,
      land_class: p.land_class,
      owner: p.owner,
      claimed_area_mu: p.claimed_area_mu,
      survey_zone: SURVEY_ZONE,
      status: p.status,
    },
    geometry: { type: 'Polygon', coordinates: [p.ring] },
  }),
);
const note = 'Illustrative demo data: all geometry is invented (see data/demo/README.md). CGCS2000 lon/lat (EPSG:4490).';
writeFileSync(
  join(OUT_DIR, 'parcels.geojson'),
  `{"type":"FeatureCollection","note":${JSON.stringify(note)},"features":[\n${features.join(',\n')}\n]}\n`,
);

// The table for README.md.
console.log('| project | name | parcels | ellipsoidal area (mu) | claimed total (mu) |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const pr of projects) {
  const ps = parcels.filter((p) => p.project_code === pr.code);
  const mu = ps.reduce((s, p) => s + ellipsoidalM2(p.ring), 0) * MU_PER_M2;
  const claimed = ps.reduce((s, p) => s + Math.round(Number(p.claimed_area_mu) * 1000), 0) / 1000;
  console.log(`| ${pr.code} | ${pr.name} | ${ps.length} | ${mu.toFixed(3)} | ${claimed.toFixed(3)} |`);
}
console.log(`\n迎丰 exact ellipsoidal total: ${yfMu.toFixed(6)} mu`);
console.log(`城东物流园 exact ellipsoidal total: ${cdMu.toFixed(6)} mu`);
console.log('\nDeliberately off claims:');
for (const [c, { why }] of Object.entries(offClaims)) {
  const p = parcels.find((q) => q.code === c);
  if (!p) throw new Error(`off claim for unknown parcel ${c}`);
  console.log(`- ${c}: claimed ${p.claimed_area_mu} mu, ellipsoidal ${mu3(ellipsoidalM2(p.ring))} mu (${why})`);
}
