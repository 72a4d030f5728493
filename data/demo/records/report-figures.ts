// The report's figures (shared/design/domain.md) the demo records must reproduce exactly, and the deliberate
// discrepancies planted among them for the audit to find.

export const REPORT = {
  zql: { households: 266, floorAreaCm2: 6_153_477, personsResettled: 299, banshanDelayed: 109 },
  hnsc: { buildings: 164, floorAreaCm2: 5_041_084, lutianchongDelayed: 76 },
  yf10: { temporaryCm2: [26_000, 24_000, 22_000, 20_000], houseCm2: 15_800, coffins: 54 },
  funds2021: { depositedFen: 13_003_076_400, acquisitionFen: 10_358_299_510, resettlementFen: 2_196_330_000, workingFen: 1_035_332_636 },
  taskLetters: 5,
  // 全年稽核 … 房屋征收4699.13㎡、安置人口16人: the project signed off in 2021 (its 330.022 mu are in generate.ts).
  audited2021: { floorAreaCm2: 469_913, persons: 16 },
}

/** Deliberate discrepancies for the audit (稽核) to find; README.md lists them with the finding each one gives. */
export const PLANTED = {
  /** Index of the 正清路延长线 house (ZQL-F121) whose floor area is 30 % above footprint × floors. */
  floorAreaZql: 120,
  /** The parcel whose first household resettling 3 persons has only 2 members flagged as resettled. */
  personsParcel: 'HNSC-007',
}
