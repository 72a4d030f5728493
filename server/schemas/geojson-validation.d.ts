declare module 'geojson-validation' {
  /** True when valid; with trace = true, the list of faults (empty when valid). */
  export function valid(object: unknown, trace?: boolean): boolean | string[]
  const gjv: { valid: typeof valid }
  export default gjv
}
