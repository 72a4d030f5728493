/**
 * Every stable issue code the API can answer with, its HTTP status and its messages in zh-CN and en.
 * `{name}` placeholders are filled from the issue's params. The client shows the same codes for live hints.
 */
export const issueCodes = {
  // Request syntax and size
  MALFORMED_JSON: { status: 400, zh: '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  NESTING_TOO_DEEP: { status: 400, zh: 'JSON 嵌套层级过深（上限 {max} 层）。', en: 'The JSON is nested too deeply (limit {max} levels).' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大（上限 {max}）。', en: 'The request body is too large (limit {max}).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '只接受 application/json 请求体。', en: 'Only application/json request bodies are accepted.' },
  INVALID_PARAMETER: { status: 400, zh: '参数 {name} 无效：{why}', en: 'Parameter {name} is invalid: {why}' },
  INVALID_PARAMETER_TYPE: { status: 400, zh: '参数 {name} 只能出现一次且为文本。', en: 'Parameter {name} must appear once, as plain text.' },
  INVALID_BBOX: { status: 400, zh: 'bbox 必须是 4 个有限的十进制数：最小经度,最小纬度,最大经度,最大纬度。', en: 'bbox must be 4 finite decimal numbers: minLon,minLat,maxLon,maxLat.' },

  // Body content
  VALIDATION_FAILED: { status: 422, zh: '提交的数据有误，请按提示修改。', en: 'The submitted data is invalid; see the listed errors.' },
  FIELD_REQUIRED: { status: 422, zh: '缺少必填字段。', en: 'This field is required.' },
  FIELD_INVALID: { status: 422, zh: '字段格式不正确：{why}', en: 'This field is malformed: {why}' },
  FIELD_TOO_LONG: { status: 422, zh: '字段过长（上限 {max} 个字符）。', en: 'This field is too long (limit {max} characters).' },
  UNKNOWN_PROPERTY: { status: 422, zh: '不认识的字段：{name}。', en: 'Unknown field: {name}.' },
  READ_ONLY_FIELD: { status: 422, zh: '字段 {name} 由系统计算或维护，不能提交。', en: 'Field {name} is computed or maintained by the system and cannot be set.' },
  FORBIDDEN_KEY: { status: 422, zh: '不允许的键名：{name}。', en: 'Key not allowed: {name}.' },
  TOO_MANY_PROPERTIES: { status: 422, zh: '字段过多（上限 {max} 个）。', en: 'Too many fields (limit {max}).' },
  INVALID_CHARACTER: { status: 422, zh: '文本含有不允许的控制字符（如 NUL）。', en: 'The text contains a control character that is not allowed (such as NUL).' },
  INVALID_UNICODE: { status: 422, zh: '文本含有无效的 Unicode（孤立代理项）。', en: 'The text contains invalid Unicode (a lone surrogate).' },
  UNKNOWN_PROJECT: { status: 422, zh: '项目不存在：{id}。', en: 'No such project: {id}.' },
  UNKNOWN_LAND_CLASS: { status: 422, zh: '地类代码不在 GB/T 21010-2017 中：{code}。', en: 'Land class code is not in GB/T 21010-2017: {code}.' },

  // Geometry
  GEOM_BAD_TYPE: { status: 422, zh: '几何图形不是有效的 GeoJSON：{why}', en: 'The geometry is not valid GeoJSON: {why}' },
  GEOM_TYPE_NOT_ALLOWED: { status: 422, zh: '地块只能是 Polygon 或 MultiPolygon，收到 {type}。', en: 'A parcel must be a Polygon or MultiPolygon, got {type}.' },
  GEOM_EMPTY: { status: 422, zh: '几何图形为空。', en: 'The geometry is empty.' },
  GEOM_BAD_NESTING: { status: 422, zh: '坐标数组的嵌套层级不符合 {type}。', en: 'The coordinate arrays are not nested as a {type} requires.' },
  GEOM_COORD_NOT_NUMBER: { status: 422, zh: '坐标必须是数字（不能是文本、布尔值或 null）。', en: 'Coordinates must be numbers (not strings, booleans or null).' },
  GEOM_COORD_NOT_FINITE: { status: 422, zh: '坐标必须是有限数。', en: 'Coordinates must be finite numbers.' },
  GEOM_DIMENSION: { status: 422, zh: '只接受二维坐标 [经度, 纬度]；请去掉高程(Z)或量测值(M)。', en: 'Only 2D positions [lon, lat] are accepted; drop the Z or M values.' },
  GEOM_COORD_OUT_OF_RANGE: { status: 422, zh: '坐标超出范围（经度 −180…180，纬度 −90…90）。{hint}', en: 'Coordinate out of range (longitude −180…180, latitude −90…90).{hint}' },
  GEOM_RING_NOT_CLOSED: { status: 422, zh: '环未闭合：首末点必须相同。', en: 'Ring not closed: the first and last positions must be equal.' },
  GEOM_TOO_FEW_POINTS: { status: 422, zh: '环的点数过少（至少 4 个位置，首末相同）。', en: 'Too few points in a ring (at least 4 positions, first equal to last).' },
  GEOM_TOO_MANY_VERTICES: { status: 422, zh: '顶点过多（上限 {max} 个）。', en: 'Too many vertices (limit {max}).' },
  GEOM_SELF_INTERSECTION: { status: 422, zh: '图形自相交。', en: 'The geometry intersects itself.' },
  GEOM_RING_SELF_INTERSECTION: { status: 422, zh: '环自相交（可能有尖刺或回折）。', en: 'A ring intersects itself (a spike or a fold back).' },
  GEOM_HOLE_OUTSIDE_SHELL: { status: 422, zh: '内环（洞）位于外环之外。', en: 'A hole lies outside its shell.' },
  GEOM_NESTED_HOLES: { status: 422, zh: '内环相互嵌套。', en: 'Holes are nested.' },
  GEOM_INTERIOR_DISCONNECTED: { status: 422, zh: '内环把面分割成不连通的部分。', en: 'Holes split the interior into disconnected parts.' },
  GEOM_DEGENERATE: { status: 422, zh: '环的面积为零（点共线）。', en: 'A ring has zero area (its points are collinear).' },
  GEOM_AREA_TOO_SMALL: { status: 422, zh: '面积小于 1 平方米，不能作为地块。', en: 'The area is under 1 m², too small for a parcel.' },
  GEOM_MULTIPART_TOUCHING: { status: 422, zh: '多部件地块的部件之间共边，请合并为一个面。', en: 'Parts of the multipolygon share an edge; dissolve them into one polygon.' },
  GEOM_MULTIPART_OVERLAP: { status: 422, zh: '多部件地块的部件相互重叠。', en: 'Parts of the multipolygon overlap each other.' },
  GEOM_INVALID: { status: 422, zh: '几何图形无效：{why}', en: 'The geometry is invalid: {why}' },
  CRS_NOT_SUPPORTED: { status: 422, zh: '不支持 crs 成员：坐标必须是 CGCS2000 经纬度（RFC 7946）。', en: 'The crs member is not supported: coordinates must be CGCS2000 lon/lat (RFC 7946).' },
  OUTSIDE_JURISDICTION: { status: 422, zh: '图形不在本辖区范围内。{hint}', en: 'The geometry lies outside the jurisdiction.{hint}' },

  // Business rules
  PARCEL_OVERLAP: { status: 409, zh: '与现有地块重叠超过 1 平方米。', en: 'Overlaps an existing parcel by more than 1 m².' },
  PARCEL_CODE_TAKEN: { status: 409, zh: '本项目已有编号为 {code} 的地块。', en: 'The project already has a parcel coded {code}.' },
  PROJECT_CODE_TAKEN: { status: 409, zh: '项目编号 {code} 已被使用。', en: 'Project code {code} is already in use.' },
  PRECONDITION_REQUIRED: { status: 428, zh: '修改需要 If-Match 请求头（当前版本的 ETag）。', en: 'Changes need an If-Match header with the current ETag.' },
  PRECONDITION_FAILED: { status: 412, zh: '数据已被他人修改（当前版本 {version}），请刷新后重试。', en: 'Someone else changed this (current version {version}); reload and try again.' },

  // Access
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please log in.' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误。', en: 'Wrong username or password.' },
  SESSION_EXPIRED: { status: 401, zh: '会话已过期，请重新登录。', en: 'Your session has expired; please log in again.' },
  FORBIDDEN: { status: 403, zh: '当前角色无权进行此操作。', en: 'Your role may not do this.' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '缺少或错误的 X-CSRF-Token 请求头。', en: 'Missing or wrong X-CSRF-Token header.' },
  TOO_MANY_ATTEMPTS: { status: 429, zh: '登录失败次数过多，请 {minutes} 分钟后再试。', en: 'Too many failed logins; try again in {minutes} minutes.' },

  // Routing and infrastructure
  NOT_FOUND: { status: 404, zh: '未找到该资源。', en: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '该地址不支持此方法。', en: 'This method is not allowed here.' },
  DB_UNAVAILABLE: { status: 503, zh: '数据库暂时不可用，请稍后重试。', en: 'The database is temporarily unavailable; try again shortly.' },
  DB_TIMEOUT: { status: 503, zh: '数据库处理超时，请稍后重试。', en: 'The database took too long; try again shortly.' },
  INTERNAL: { status: 500, zh: '服务器内部错误，已记录。', en: 'Internal server error; it has been logged.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>

export type IssueCode = keyof typeof issueCodes
export type Lang = 'zh-CN' | 'en'

/** A parameter that itself differs by language, such as a hint sentence. */
export interface Localized {
  'zh-CN': string
  en: string
}

function isLocalized(v: unknown): v is Localized {
  return typeof v === 'object' && v !== null && 'zh-CN' in v && 'en' in v
}

/** Hints appended to messages, in both languages. */
export const hints = {
  axisOrder: { 'zh-CN': '疑似经纬度顺序颠倒：GeoJSON 的顺序是 [经度, 纬度]。', en: ' The axes look swapped: GeoJSON order is [lon, lat].' },
  outsideChina: { 'zh-CN': '图形不在中国境内：请检查坐标系（是否为投影坐标）和经纬度顺序。', en: ' It lies outside China: check the coordinate system (projected metres?) and the axis order.' },
  none: { 'zh-CN': '', en: '' },
} satisfies Record<string, Localized>

/** The message of a code in one language with its placeholders filled. */
export function issueMessage(code: IssueCode, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = issueCodes[code]
  const text = lang === 'en' ? entry.en : entry.zh
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k]
    if (v === undefined) return k === 'hint' ? '' : `{${k}}`
    return isLocalized(v) ? v[lang] : String(v)
  })
}
