// polylabel 2.x ships no types; this is its one export as polylabel.js defines it.
declare module 'polylabel' {
  /**
   * The pole of inaccessibility of a polygon (first ring the exterior, the others holes), found to `precision`
   * in the polygon's own units (default 1.0). `distance` is the signed distance to the outline: negative outside.
   * A polygon narrower than `precision` gives its bbox's south-west corner with distance 0.
   */
  export default function polylabel(
    polygon: readonly (readonly (readonly number[])[])[],
    precision?: number,
    debug?: boolean,
  ): [number, number] & { distance: number }
}
