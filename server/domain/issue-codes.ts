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
  UNKNOWN_PARAMETER: { status: 400, zh: '此地址不接受查询参数 {name}。', en: 'This address takes no query parameter {name}.' },
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
  OUTSIDE_PROJECT_BOUNDARY: { status: 422, zh: '地块完全在项目 {project} 的拟征收范围之外（最近处相距 {distance_m} 米），未保存。请核对坐标系和底图：在高德等 GCJ-02 底图上描绘的地块会偏移约 500 米。', en: 'The parcel lies wholly outside the acquisition scope of project {project} ({distance_m} m from it at the nearest point) and was not saved. Check the coordinate system and the basemap: a parcel traced on a GCJ-02 basemap such as AMap is about 500 m off.' },
  PARCEL_CODE_TAKEN: { status: 409, zh: '本项目已有编号为 {code} 的地块。', en: 'The project already has a parcel coded {code}.' },
  PROJECT_CODE_TAKEN: { status: 409, zh: '项目编号 {code} 已被使用。', en: 'Project code {code} is already in use.' },
  PRECONDITION_REQUIRED: { status: 428, zh: '修改需要 If-Match 请求头（当前版本的 ETag）。', en: 'Changes need an If-Match header with the current ETag.' },
  PRECONDITION_FAILED: { status: 412, zh: '数据已被他人修改（当前版本 {version}），请刷新后重试。', en: 'Someone else changed this (current version {version}); reload and try again.' },

  // Split, merge and restore (parcel lineage)
  SPLIT_LINE_MISSES: { status: 422, zh: '分割线没有把地块分成两块或以上：{why}', en: 'The split line does not cut the parcel into two or more pieces: {why}' },
  SPLIT_LINE_INVALID: { status: 422, zh: '分割线须是 GeoJSON LineString，至少含两个不同的点 [经度, 纬度]。', en: 'The split line must be a GeoJSON LineString with at least two distinct [lon, lat] points.' },
  SPLIT_CODES_COUNT: { status: 422, zh: '分割得到 {pieces} 块，但给出了 {given} 个编号。', en: 'The split gives {pieces} pieces but {given} codes were given.' },
  MERGE_NOT_ADJACENT: { status: 422, zh: '所选地块连不成一块：地块之间须共用一段边界，只共一个点不行。', en: 'The parcels do not form one polygon: they must share a stretch of boundary, not just a point.' },
  MERGE_MIXED_PROJECTS: { status: 422, zh: '所选地块属于不同项目，不能合并。', en: 'The parcels belong to different projects and cannot be merged.' },
  AREA_NOT_CONSERVED: { status: 422, zh: '面积不守恒：原 {before} 亩，新 {after} 亩，相差超过 0.001 亩（原地块之间可能有微小重叠）。', en: 'Area not conserved: {before} mu before, {after} mu after, more than 0.001 mu apart (the parcels may overlap slightly).' },
  HISTORY_VERSION_UNKNOWN: { status: 422, zh: '该地块没有第 {version} 版。', en: 'This parcel has no version {version}.' },
  RESTORE_SAME_VERSION: { status: 422, zh: '第 {version} 版就是当前版本，无需恢复。', en: 'Version {version} is the current version; there is nothing to restore.' },

  // Import and export of files and typed coordinates (server/imports, server/exports)
  UNSUPPORTED_MEDIA_TYPE_RAW: { status: 415, zh: '文件请以 application/octet-stream（粘贴的文本以 text/plain，照片以 image/jpeg、image/png 或 image/webp）上传，不接受表单。', en: 'Send the file as application/octet-stream (pasted text as text/plain, a photo as image/jpeg, image/png or image/webp); forms are not accepted.' },
  IMPORT_FORMAT_UNKNOWN: { status: 422, zh: '无法识别文件格式，请选择格式（GeoJSON、KML、Shapefile 压缩包、报盘 TXT、界址点表、WKT 或经纬度）。', en: 'The file format could not be recognised; choose one (GeoJSON, KML, zipped Shapefile, 报盘 TXT, boundary-point table, WKT or lon/lat).' },
  IMPORT_FORMAT_MISMATCH: { status: 415, zh: '文件内容与格式 {format} 不符：{why}', en: 'The content does not match the format {format}: {why}' },
  IMPORT_EMPTY: { status: 422, zh: '文件中没有可导入的地块（面）。', en: 'The file holds no parcel (polygon) to import.' },
  IMPORT_SYNTAX_ERROR: { status: 422, zh: '第 {line} 行无法解析：{why}', en: 'Line {line} cannot be read: {why}' },
  IMPORT_MALFORMED: { status: 422, zh: '文件格式有误：{why}', en: 'The file is malformed: {why}' },
  IMPORT_TOO_LARGE: { status: 422, zh: '文件内容过多：{why}', en: 'The file holds too much: {why}' },
  IMPORT_PARSE_TIMEOUT: { status: 422, zh: '读取文件超时（上限 {seconds} 秒）：文件过大或结构过于复杂（例如嵌套过深），请拆分或简化后再导入。', en: 'Reading the file took longer than the allowed {seconds} s: it is too large or too complex (nested too deeply, for example); split or simplify it and import again.' },
  IMPORT_PARSE_RESOURCES: { status: 422, zh: '读取文件所需资源超出上限（{limit}）：文件过大或结构过于复杂（例如嵌套过深），请拆分或简化后再导入。', en: 'Reading the file needs more than the allowed {limit}: it is too large or too complex (nested too deeply, for example); split or simplify it and import again.' },
  ENCODING_UNKNOWN: { status: 422, zh: '无法识别文本编码（既不是 UTF-8 也不是 GBK），请指定编码。', en: 'The text encoding is neither UTF-8 nor GBK; please name the encoding.' },
  ZONE_REQUIRED: { status: 422, zh: '坐标不含带号，无法确定高斯-克吕格 3° 带（可能的带：{zones}），请指定带号。', en: 'The coordinates carry no zone prefix and the Gauss-Krüger 3° zone cannot be decided (possible zones: {zones}); please give the zone.' },
  COORDS_NOT_GK: { status: 422, zh: '坐标不像 CGCS2000 高斯-克吕格平面坐标：X 应为北坐标（约 2 000 000–6 000 000 米），Y 为东坐标（可带带号）。{hint}', en: 'The coordinates do not look like CGCS2000 Gauss-Krüger plane coordinates: X should be the northing (about 2,000,000–6,000,000 m) and Y the easting (with or without the zone prefix).{hint}' },
  CRS_REQUIRED: { status: 422, zh: '缺少 .prj 文件，无法确定坐标系；不作猜测。', en: 'The .prj file is missing, so the coordinate system is unknown; it is not guessed.' },
  // Bulk import (server/db/bulk-import.ts, POST /api/imports/bulk)
  BULK_MEDIA_TYPE: { status: 415, zh: '大批量导入只接受 GeoJSON（application/geo+json 或 application/json）和逐行 GeoJSON（application/geo+json-seq 或 application/x-ndjson）。', en: 'A bulk import takes GeoJSON (application/geo+json or application/json) or GeoJSON text sequences (application/geo+json-seq or application/x-ndjson).' },
  BULK_IMPORT_RUNNING: { status: 409, zh: '该项目已有一个大批量导入正在进行（编号 {id}），请等它结束后再导入。', en: 'A bulk import of this project is already running (number {id}); wait until it ends.' },
  BULK_IMPORT_INVALID: { status: 422, zh: '{invalid} 个要素有问题，未写入任何地块；请改正后重新导入，或选择跳过有问题的要素。', en: '{invalid} features have problems, so no parcel was written; correct them and import again, or choose to skip invalid features.' },
  BULK_IMPORT_CANCELLED: { status: 400, zh: '上传在文件结束前中断，未写入任何地块。', en: 'The upload stopped before the end of the file; no parcel was written.' },
  BULK_IMPORT_INTERRUPTED: { status: 503, zh: '导入进行中服务器停止运行，未写入任何地块；请重新导入。', en: 'The server stopped during the import; no parcel was written. Import the file again.' },
  BULK_IMPORT_NOT_DONE: { status: 409, zh: '该导入尚未完成（阶段：{phase}）。', en: 'This import has not finished (phase: {phase}).' },
  CRS_UNSUPPORTED: { status: 422, zh: '不支持的坐标系：{name}。支持 CGCS2000（及 WGS84）经纬度和 CGCS2000 高斯-克吕格 3°/6° 带。', en: 'Unsupported coordinate system: {name}. Supported: CGCS2000 (and WGS84) longitude/latitude and CGCS2000 Gauss-Krüger 3° and 6° zones.' },
  SHAPEFILE_INCOMPLETE: { status: 422, zh: 'Shapefile 不完整，缺少 {missing}。', en: 'The Shapefile is incomplete: {missing} missing.' },
  SHAPEFILE_CORRUPT: { status: 422, zh: 'Shapefile 已损坏：{why}', en: 'The Shapefile is corrupt: {why}' },
  SHAPEFILE_NOT_POLYGON: { status: 422, zh: 'Shapefile 的几何类型是 {type}，只能导入面（Polygon）。', en: 'The Shapefile holds {type} shapes; only polygons can be imported.' },
  ARCHIVE_CORRUPT: { status: 422, zh: '压缩包已损坏：{why}', en: 'The zip archive is corrupt: {why}' },
  ARCHIVE_UNSUPPORTED: { status: 422, zh: '不支持的压缩包：{why}', en: 'Unsupported zip archive: {why}' },
  ARCHIVE_UNSAFE_PATH: { status: 422, zh: '压缩包内含不安全的路径：{name}', en: 'The archive holds an unsafe path: {name}' },
  ARCHIVE_SYMLINK: { status: 422, zh: '压缩包内含符号链接：{name}', en: 'The archive holds a symbolic link: {name}' },
  ARCHIVE_NESTED: { status: 422, zh: '压缩包内含另一个压缩包：{name}，请先解开。', en: 'The archive holds another archive: {name}; unpack it first.' },
  ARCHIVE_TOO_MANY_ENTRIES: { status: 422, zh: '压缩包内文件过多（上限 {max} 个）。', en: 'The archive holds too many files (limit {max}).' },
  ARCHIVE_TOO_LARGE: { status: 413, zh: '压缩包解压后过大（上限 {max}）。', en: 'The archive is too large once unpacked (limit {max}).' },
  ARCHIVE_MULTIPLE_LAYERS: { status: 422, zh: '压缩包内有多个图层（{names}），请每次导入一个。', en: 'The archive holds several layers ({names}); import one at a time.' },
  XML_DOCTYPE_NOT_ALLOWED: { status: 422, zh: 'KML 中含有 DOCTYPE 或实体声明，出于安全原因拒绝。', en: 'The KML holds a DOCTYPE or entity declaration, which is refused for safety.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '该 Idempotency-Key 已用于另一次内容不同的请求。', en: 'This Idempotency-Key was already used for a different request.' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { status: 409, zh: '使用该 Idempotency-Key 的请求仍在处理，或已写入但答复丢失；请稍后重试或查看列表。', en: 'The request with this Idempotency-Key is still running, or was saved but its answer was lost; retry later or check the list.' },
  EXPORT_NOT_ENCODABLE: { status: 422, zh: '字符“{char}”无法用 {encoding} 编码，请改用 UTF-8 导出。', en: 'The character "{char}" cannot be written in {encoding}; export in UTF-8 instead.' },

  // Money and the funds ledger (server/domain/money.ts, sql/functions/zd_fund*.sql)
  MONEY_NOT_A_STRING: { status: 422, zh: '金额须以十进制文本提交（如 "1234.50"），不接受 JSON 数字。', en: 'Money must be sent as a decimal string (such as "1234.50"), not a JSON number.' },
  MONEY_MALFORMED: { status: 422, zh: '金额格式不正确：须为元的十进制数，如 "1234.50"。', en: 'Malformed amount: it must be a decimal number of yuan, such as "1234.50".' },
  MONEY_TOO_PRECISE: { status: 422, zh: '金额最多精确到分（小数点后 2 位）。', en: 'Amounts are exact to the fen: at most 2 decimals of yuan.' },
  MONEY_OUT_OF_RANGE: { status: 422, zh: '金额须{sign}，且小于 1 万亿元。', en: 'The amount must be {sign} and below 1,000,000,000,000 yuan.' },
  INSUFFICIENT_BALANCE: { status: 409, zh: '余额不足：当前余额 {balance_yuan} 元，本笔 {amount_yuan} 元，余额不能为负。', en: 'Insufficient balance: {balance_yuan} yuan available, {amount_yuan} yuan needed; the balance can never go negative.' },
  PRECHECK_REQUIRED: { status: 409, zh: '该拨付申请未经稽核预审通过（当前状态：{status}），不能拨付。', en: 'This disbursement request has not passed the audit pre-check (status: {status}) and cannot be executed.' },
  PRECHECK_BY_REQUESTER: { status: 409, zh: '申请人不能预审自己提出的拨付申请。', en: 'The person who requested a disbursement cannot pre-check it.' },
  REQUEST_ALREADY_DECIDED: { status: 409, zh: '该拨付申请已预审（状态：{status}），不能再次预审。', en: 'This disbursement request has already been pre-checked (status: {status}).' },
  REQUEST_ALREADY_EXECUTED: { status: 409, zh: '该拨付申请已拨付，不能重复拨付。', en: 'This disbursement request has already been executed.' },
  CORRECTION_TARGET_INVALID: { status: 422, zh: '更正对象 {entry_id} 不是本项目的存款或拨付记录。', en: 'Entry {entry_id} is not a deposit or disbursement of this project and cannot be corrected.' },
  CORRECTION_EXCEEDS_ENTRY: { status: 409, zh: '更正后记录 {entry_id} 的金额将为负（现为 {entry_yuan} 元，更正 {amount_yuan} 元）。', en: 'The correction would make entry {entry_id} negative (now {entry_yuan} yuan, correction {amount_yuan} yuan).' },
  BUDGET_NOT_SET: { status: 409, zh: '项目尚未核定预算，不能下达任务书。', en: 'The project has no budget yet; no task letter can be issued.' },
  DEPOSITS_BELOW_BUDGET: { status: 409, zh: '预存款 {deposited_yuan} 元不足项目预算 {budget_yuan} 元，不能下达任务书（怀政发〔2014〕2号）。', en: 'Deposits of {deposited_yuan} yuan do not cover the budget of {budget_yuan} yuan; no task letter can be issued (怀政发〔2014〕2号).' },
  TASK_LETTER_NUMBER_TAKEN: { status: 409, zh: '任务书文号 {number} 已被使用。', en: 'Task letter number {number} is already in use.' },

  // Households and personal data
  ID_NUMBER_INVALID: { status: 422, zh: '身份证号码无效：{why}', en: 'Not a valid resident ID number: {why}' },
  ID_NUMBER_REPEATED: { status: 422, zh: '同一户中身份证号码重复（{masked}）。', en: 'The same ID number appears twice in this household ({masked}).' },
  PHONE_INVALID: { status: 422, zh: '电话号码无效：应为 11 位手机号，或带区号的固定电话（如 0745-2381234）。', en: 'Not a valid phone number: give an 11-digit mobile number or a landline with its area code (e.g. 0745-2381234).' },
  BIRTH_DATE_MISMATCH: { status: 422, zh: '出生日期与身份证号码中的 {expected} 不一致。', en: 'The birth date differs from {expected} stated by the ID number.' },
  PARCEL_NOT_IN_PROJECT: { status: 422, zh: '地块 {id} 不存在，或不属于该户（该记录）所在的项目。', en: 'Parcel {id} does not exist or belongs to another project than the household (the record).' },
  HOUSEHOLD_IN_OTHER_PROJECT: { status: 409, zh: '身份证号码 {masked} 已登记在另一项目（{project}）的被征收户中；一户不能同时属于两个项目。', en: 'ID number {masked} is already registered in a household of another project ({project}); a household cannot belong to two projects at once.' },
  HOUSEHOLD_ID_NUMBER_TAKEN: { status: 409, zh: '身份证号码 {masked} 已登记在本项目的被征收户 {household} 中。', en: 'ID number {masked} is already registered in household {household} of this project.' },
  PARCEL_HAS_HOUSEHOLDS: { status: 409, zh: '该地块关联有被征收户，请先解除关联再删除、分割或合并。', en: 'Households are tied to this parcel; unlink them before deleting, splitting or merging it.' },
  PERSONAL_DATA_UNREADABLE: { status: 500, zh: '个人信息无法解密（密钥 ZD_PII_KEY 与写入时不同，或数据被篡改），已记录。', en: 'Personal data cannot be decrypted (ZD_PII_KEY differs from the key it was written with, or the data was altered); this has been logged.' },

  // Records tied to parcels and households: buildings, graves, attachments, resettlements, agreements, compensation items
  DECIMAL_NOT_A_STRING: { status: 422, zh: '数量须以十进制文本提交（如 "12.50"，最多 {scale} 位小数），不接受 JSON 数字。', en: 'Quantities must be sent as a decimal string (such as "12.50", at most {scale} decimals), not a JSON number.' },
  DECIMAL_MALFORMED: { status: 422, zh: '数量格式不正确：须为十进制数，如 "12.50"（最多 {scale} 位小数）。', en: 'Malformed quantity: it must be a decimal number such as "12.50" (at most {scale} decimals).' },
  DECIMAL_TOO_PRECISE: { status: 422, zh: '数量最多 {scale} 位小数。', en: 'At most {scale} decimals are allowed here.' },
  DECIMAL_OUT_OF_RANGE: { status: 422, zh: '数量须 {min} 且小于 {max}。', en: 'The quantity must be {min} and below {max}.' },
  HOUSEHOLD_NOT_IN_PROJECT: { status: 422, zh: '被征收户 {id} 不存在，或不属于该记录所在的项目。', en: 'Household {id} does not exist or belongs to another project than the record.' },
  BUILDING_OUTSIDE_PARCEL: { status: 422, zh: '房屋{hint}占地有 {outside_m2} 平方米在所属地块之外（允许 0.5 平方米）。', en: '{outside_m2} m² of the building footprint{hint} lie outside its parcel (0.5 m² is tolerated).' },
  GRAVE_OUTSIDE_PARCEL: { status: 422, zh: '坟墓在所属地块之外：{codes}。请先移动坟墓或改挂到其他地块。', en: 'Outside its parcel: grave {codes}. Move the grave or tie it to another parcel first.' },
  BUILDING_CODE_TAKEN: { status: 409, zh: '本项目已有编号为 {code} 的房屋。', en: 'The project already has a building coded {code}.' },
  GRAVE_CODE_TAKEN: { status: 409, zh: '本项目已有编号为 {code} 的坟墓。', en: 'The project already has a grave coded {code}.' },
  // Acquisition scopes and approval batches (server/handlers/acquisition-scopes.ts, approval-batches.ts)
  SCOPE_EXISTS: { status: 409, zh: '项目 {project_id} 已有拟征收范围，请修改现有范围。', en: 'Project {project_id} already has an acquisition scope; edit that one.' },
  SCOPE_NO_PARCELS: { status: 422, zh: '项目 {id} 还没有地块，无法由地块生成拟征收范围。', en: 'Project {id} has no parcels yet, so no scope can be made from them.' },
  SCOPE_BUFFER_OUT_OF_RANGE: { status: 422, zh: '外扩距离须在 0 到 {max} 米之间。', en: 'The buffer must be between 0 and {max} metres.' },
  BATCH_CODE_TAKEN: { status: 409, zh: '报批批次编号 {code} 已被使用。', en: 'Approval batch code {code} is already in use.' },
  PARCEL_IN_OTHER_BATCH: { status: 422, zh: '地块 {id} 已在本项目的报批批次 {batch} 中，一个地块只能报批一次。', en: 'Parcel {id} is already in approval batch {batch} of this project; a parcel is submitted for approval once.' },
  GEOM_POINT_EXPECTED: { status: 422, zh: '坟墓位置须是 GeoJSON Point [经度, 纬度]，收到 {type}。', en: 'A grave location must be a GeoJSON Point [lon, lat], got {type}.' },
  RESETTLEMENT_EXISTS: { status: 409, zh: '被征收户 {household} 已有安置记录，一户只能有一条。', en: 'Household {household} already has a resettlement record; a household has one.' },
  RESETTLEMENT_CASH_TRANSITION: { status: 422, zh: '货币安置没有过渡期：过渡起止日期须为空，延期月数须为 0。', en: 'Cash resettlement has no transition: leave the transition dates empty and the delay at 0 months.' },
  DATE_RANGE_INVALID: { status: 422, zh: '结束日期早于开始日期。', en: 'The end date is before the start date.' },
  AGREEMENT_EXISTS: { status: 409, zh: '被征收户 {household} 已有补偿安置协议，一户只能有一份。', en: 'Household {household} already has an agreement; a household has one.' },
  AGREEMENT_NUMBER_TAKEN: { status: 409, zh: '本项目已有编号为 {number} 的协议。', en: 'The project already has an agreement numbered {number}.' },
  COMPENSATION_AMOUNT_MISMATCH: { status: 422, zh: '金额与 数量 × 单价 不符：应为 {expected} 元。', en: 'The amount does not equal quantity × rate: it should be {expected} yuan.' },
  COMPUTED_ITEM_READ_ONLY: { status: 409, zh: '按补偿标准计算的补偿项目不能删除；修改来源记录或补偿标准后重新计算。', en: 'A computed compensation item cannot be deleted; change its source record or the rate set and recompute.' },
  PHOTO_TYPE_UNSUPPORTED: { status: 422, zh: '照片须为 JPEG、PNG 或 WebP 图像（按文件内容判断）。', en: 'A photo must be a JPEG, PNG or WebP image (judged by its content).' },
  HOUSEHOLD_HAS_RECORDS: { status: 409, zh: '该户还有房屋、坟墓、附着物、安置、协议或补偿记录，请先处理这些记录再删除该户。', en: 'Buildings, graves, attachments, a resettlement, an agreement or compensation items belong to this household; deal with them before deleting it.' },
  PARCEL_HAS_RECORDS: { status: 409, zh: '该地块上有房屋、坟墓、附着物或补偿项目，请先移走或删除再删除地块。', en: 'Buildings, graves, attachments or compensation items are tied to this parcel; move or delete them before deleting it.' },

  // Rate sets and computed compensation (server/handlers/compensation.ts, sql/functions/zd_compensation_*.sql)
  UNKNOWN_ITEM_TYPE: { status: 422, zh: '不认识的补偿项目类型：{code}。', en: 'Unknown compensation item type: {code}.' },
  RATE_KEY_INVALID: { status: 422, zh: '补偿项目“{item_type}”不能按“{key}”定标准：应为 {allowed}。', en: 'Compensation item "{item_type}" cannot have a rate for "{key}": use {allowed}.' },
  RATE_REPEATED: { status: 422, zh: '同一补偿标准中“{item_type}”的“{key}”出现了两次。', en: 'The rate set gives "{item_type}" for "{key}" twice.' },
  RATE_OUT_OF_RANGE: { status: 422, zh: '单价须不小于 0，且小于 10 亿元。', en: 'A rate must be 0 or more and below 1,000,000,000 yuan.' },
  COMPENSATION_TOO_LARGE: { status: 422, zh: '{item_type} {source_key} 的金额将达到 {amount_yuan} 元，超出上限（1 万亿元），请核对单价。', en: 'The amount of {item_type} {source_key} would be {amount_yuan} yuan, beyond the limit (1,000,000,000,000 yuan); check the rate.' },

  // Area claims (申报面积口径, server/handlers/area-claims.ts): how a parcel's claimed area was obtained
  AREA_CLAIM_EXISTS: { status: 409, zh: '地块 {parcel} 已有申报面积口径记录，一块地只能有一条：请修改已有的那条。', en: 'Parcel {parcel} already has an area claim record; a parcel has one: edit that one.' },
  AREA_CLAIM_UNKNOWN_PARCEL: { status: 422, zh: '地块 {id} 不存在（或已被分割、合并、删除）。', en: 'Parcel {id} does not exist (or was split, merged or deleted).' },
  AREA_CLAIM_POINT_ERROR_RANGE: { status: 422, zh: '界址点中误差 m_j 须大于 0 且不超过 10 米。', en: 'The boundary-point error m_j must be greater than 0 and at most 10 m.' },
  // The audit (稽核): decisions on findings and sign-off (server/handlers/audits.ts)
  AUDIT_UNKNOWN_FINDING: { status: 422, zh: '当前稽核结果中没有问题 {key}（可能已经改正），请刷新后重试。', en: 'The current audit has no finding {key} (it may have been corrected); reload and try again.' },
  AUDIT_OPEN_FINDINGS: { status: 409, zh: '还有 {count} 个错误或警告未经稽核接受，不能签署。', en: '{count} errors or warnings have not been accepted by the audit; the audit cannot be signed.' },
  AUDIT_PERIOD_INVALID: { status: 400, zh: '稽核期间无效：{why}', en: 'Invalid audit period: {why}' },
  // The audit report (server/handlers/audit-report.ts): the PDF needs a CJK font on the server.
  AUDIT_REPORT_FONT_MISSING: { status: 503, zh: '无法生成 PDF：服务器上找不到中文字体 {path}（请安装 fonts-noto-cjk，或用 ZD_PDF_FONT 指定字体文件）。', en: 'The PDF cannot be made: the server has no CJK font at {path} (install fonts-noto-cjk, or point ZD_PDF_FONT at a font file).' },

  // The public portal and hearing requests (server/handlers/public-notices.ts, public-tiles.ts, hearing-requests.ts)
  HEARING_NOT_INVITED: { status: 409, zh: '该公告不接受听证申请。', en: 'This notice does not invite hearing requests.' },
  HEARING_CLOSED: { status: 409, zh: '听证申请期限已过或尚未开始，不能再提交。', en: 'The period for hearing requests on this notice is over or has not begun.' },
  HEARING_DUPLICATE: { status: 409, zh: '该电话号码已就本公告提交过听证申请。', en: 'A hearing request on this notice was already filed with this phone number.' },
  HEARING_UNKNOWN_COLLECTIVE: { status: 422, zh: '所选集体经济组织不在本公告的范围内。', en: 'The chosen collective is not one of those named in this notice.' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请 {seconds} 秒后再试。', en: 'Too many requests from this address; try again in {seconds} seconds.' },
  HEARING_RATE_LIMITED: { status: 429, zh: '提交过于频繁，请稍后再试。', en: 'Too many requests from this address; try again later.' },
  HEARING_HONEYPOT: { status: 422, zh: '提交被拒绝：请不要填写隐藏的字段。', en: 'The request was refused: leave the hidden field empty.' },
  HEARING_ALREADY_ANSWERED: { status: 409, zh: '该听证申请已经答复。', en: 'This hearing request has already been answered.' },
  INVALID_TILE: { status: 404, zh: '瓦片坐标无效（z 为 0–22，x 与 y 为 0 至 2^z−1）。', en: 'No such tile (z is 0–22, x and y 0 to 2^z−1).' },
  // The printable notice map (server/handlers/notice-map.ts)
  NOTICE_PDF_PAPER: { status: 422, zh: '纸张只能是 a4 或 a3。', en: 'The paper must be a4 or a3.' },
  NOTICE_PDF_LANG: { status: 422, zh: '语言只能是 zh-CN 或 en。', en: 'The language must be zh-CN or en.' },
  // Notices and their workflow (server/handlers/notices.ts, server/domain/notices/, sql/functions/zd_notice_guard.sql)
  NOTICE_NOT_DRAFT: { status: 409, zh: '该公告已不是草稿（当前状态：{status}），不能修改、重新生成、删除或再次审核。', en: 'This notice is no longer a draft (status: {status}); it cannot be edited, regenerated, deleted or approved again.' },
  NOTICE_NOT_APPROVED: { status: 409, zh: '该公告未经审核（当前状态：{status}），不能发布。', en: 'This notice has not been approved (status: {status}) and cannot be published.' },
  NOTICE_NOT_PUBLISHED: { status: 409, zh: '该公告当前状态为 {status}：只有已审核或已发布的公告可以撤回，只有已发布的公告可以上传张贴照片；草稿请直接删除。', en: 'This notice is {status}: only approved or published notices can be withdrawn, and posting photos go with published notices; delete a draft instead.' },
  NOTICE_APPROVER_IS_DRAFTER: { status: 403, zh: '您起草或修改过该公告，不能审核：须由另一位法规科人员审核（四眼原则）。', en: 'You drafted or edited this notice and cannot approve it: another member of the legal section must (four eyes).' },
  NOTICE_PERIOD_TOO_SHORT: { status: 422, zh: '{kind}的公告期限不得少于 {min}（{basis}）。', en: 'A {kind} must be posted for at least {min} ({basis}).' },
  NOTICE_TEXT_PERSONAL_DATA: { status: 422, zh: '公告文字中含有疑似{what}，公告将向社会公开，请删除个人信息后再保存或审核。', en: 'The notice text contains what looks like {what}; notices are public, so remove personal data before saving or approving.' },
  NOTICE_NO_PARCELS: { status: 422, zh: '项目 {id} 还没有地块或拟征收范围，无法生成公告。', en: 'Project {id} has no parcels and no acquisition scope yet, so no notice can be drafted.' },

  // Access
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please log in.' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误。', en: 'Wrong username or password.' },
  SESSION_EXPIRED: { status: 401, zh: '会话已过期，请重新登录。', en: 'Your session has expired; please log in again.' },
  FORBIDDEN: { status: 403, zh: '当前角色无权进行此操作。', en: 'Your role may not do this.' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '缺少或错误的 X-CSRF-Token 请求头。', en: 'Missing or wrong X-CSRF-Token header.' },
  TOO_MANY_ATTEMPTS: { status: 429, zh: '登录失败次数过多，请 {minutes} 分钟后再试。', en: 'Too many failed logins; try again in {minutes} minutes.' },
  PASSWORD_EXPIRED: { status: 403, zh: '密码已过期，请先修改密码。', en: 'Your password has expired; change it first.' },
  CURRENT_PASSWORD_WRONG: { status: 403, zh: '当前密码错误。', en: 'The current password is wrong.' },
  WEAK_PASSWORD: { status: 422, zh: '新密码不符合密码策略。', en: 'The new password does not meet the password policy.' },
  PASSWORD_TOO_SHORT: { status: 422, zh: '密码至少 {min} 个字符。', en: 'A password needs at least {min} characters.' },
  PASSWORD_TOO_FEW_CLASSES: { status: 422, zh: '密码须包含小写字母、大写字母、数字、符号中的至少 {min} 类。', en: 'A password needs at least {min} of: lower case, upper case, digits, symbols.' },
  PASSWORD_CONTAINS_USERNAME: { status: 422, zh: '密码不得包含用户名。', en: 'A password must not contain the username.' },
  PASSWORD_COMMON: { status: 422, zh: '密码过于常见，容易被猜中。', en: 'This password is too common and easy to guess.' },
  PASSWORD_REUSED: { status: 422, zh: '不得使用最近 {count} 次用过的密码。', en: 'A password must differ from the last {count} passwords.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '这是管理员设置的临时密码或初始密码，请先修改密码。', en: 'This is a temporary or initial password set by an administrator; change it first.' },
  OTP_REQUIRED: { status: 401, zh: '请输入身份验证器应用中的 6 位动态验证码。', en: 'Enter the 6-digit code from your authenticator app.' },
  OTP_INVALID: { status: 401, zh: '动态验证码错误或已使用过，请输入应用中当前显示的验证码。', en: 'The code is wrong or has already been used; enter the code your app shows now.' },
  OTP_MISMATCH: { status: 422, zh: '动态验证码不正确，请输入应用中当前显示的 6 位验证码。', en: 'The code is not right; enter the 6-digit code your app shows now.' },
  SECOND_FACTOR_ENROLMENT_REQUIRED: { status: 403, zh: '按照安全策略须启用双因素认证：请先绑定身份验证器应用。', en: 'The security policy requires a second factor: set up an authenticator app first.' },
  SECOND_FACTOR_OFF: { status: 403, zh: '本系统未启用双因素认证（ZD_SECOND_FACTOR=off）。', en: 'Second-factor authentication is switched off on this system (ZD_SECOND_FACTOR=off).' },
  SECOND_FACTOR_ALREADY_ENROLLED: { status: 409, zh: '本账号已绑定身份验证器；如需更换，请先解除绑定或请管理员重置。', en: 'This account already has an authenticator; remove it first, or ask an administrator to reset it.' },
  SECOND_FACTOR_NOT_PENDING: { status: 409, zh: '没有待确认的身份验证器绑定，请重新开始绑定。', en: 'No authenticator set-up is waiting for confirmation; start the set-up again.' },
  SECOND_FACTOR_NOT_ENROLLED: { status: 409, zh: '本账号没有绑定身份验证器。', en: 'This account has no authenticator.' },
  SECOND_FACTOR_REQUIRED_BY_POLICY: { status: 403, zh: '安全策略要求双因素认证，不能解除绑定；更换手机请联系管理员重置。', en: 'The security policy requires a second factor, so it cannot be removed; to change phones, ask an administrator to reset it.' },
  PASSWORD_RESET_SELF: { status: 409, zh: '不能重置自己的密码，请使用“修改密码”。', en: 'You cannot reset your own password; use "Change password".' },

  // Routing and infrastructure
  NOT_FOUND: { status: 404, zh: '未找到该资源。', en: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '该地址不支持此方法。', en: 'This method is not allowed here.' },
  DB_UNAVAILABLE: { status: 503, zh: '数据库暂时不可用，请稍后重试。', en: 'The database is temporarily unavailable; try again shortly.' },
  STORAGE_UNAVAILABLE: { status: 503, zh: '数据库存储空间不足，本次保存未生效，请稍后重试并通知管理员。', en: 'The database has run out of storage; nothing was saved. Try again later and tell the administrator.' },
  SERVICE_STARTING: { status: 503, zh: '服务正在启动（正在连接数据库），请稍后重试。', en: 'The service is starting (connecting to the database); try again shortly.' },
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

/** Why a split line does not cut a parcel (the reasons of sql/functions/zd_split_line_misses.sql), for SPLIT_LINE_MISSES. */
export const splitLineReasons = {
  no_intersection: { 'zh-CN': '线与地块不相交。', en: 'it does not reach the parcel.' },
  along_boundary: { 'zh-CN': '线只碰到地块边界（沿边或过角），没有穿过地块内部。', en: 'it only touches the parcel\'s boundary (along an edge or at a corner) and does not cross its interior.' },
  ends_inside: { 'zh-CN': '线的端点落在地块内部，须从一侧边界完整穿到另一侧。', en: 'it ends inside the parcel; it must cross it from one edge to another.' },
  not_cut: { 'zh-CN': '线穿过地块内部但没有把它分开（例如只通到内环）。', en: 'it crosses the interior but separates nothing (e.g. it only runs into a hole).' },
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

/**
 * Notes an import preview attaches to a file that was read: not errors (nothing is refused), but what was
 * assumed or changed on the way, so that nothing happens silently. Same `{name}` placeholders as issueCodes.
 */
export const warningCodes = {
  COORDS_SWAPPED: { zh: 'X 像东坐标、Y 像北坐标，已按 X=北、Y=东 交换。', en: 'X looked like an easting and Y like a northing; they were swapped to X = northing, Y = easting.' },
  LONLAT_SWAPPED: { zh: '坐标顺序像是“纬度, 经度”，已交换为“经度, 纬度”。', en: 'The pairs looked like "latitude, longitude"; they were swapped to "longitude, latitude".' },
  ZONE_FROM_PREFIX: { zh: '带号 {zone} 取自 Y 坐标的带号前缀。', en: 'Zone {zone} was taken from the zone prefix of the Y coordinates.' },
  ZONE_FROM_HEADER: { zh: '带号 {zone} 取自文件头（带号={zone}）。', en: 'Zone {zone} was taken from the file header (带号={zone}).' },
  ZONE_FROM_PARAMETER: { zh: '坐标不含带号，按指定的第 {zone} 带处理。', en: 'The coordinates carry no zone prefix; the given zone {zone} was used.' },
  ZONE_INFERRED: { zh: '坐标不含带号，只有第 {zone} 带能落在辖区内，已按该带处理；如有误请指定带号。', en: 'The coordinates carry no zone prefix; only zone {zone} puts them inside the jurisdiction, so it was used. Give the zone if that is wrong.' },
  ZONE_PARAMETER_IGNORED: { zh: '坐标自带带号前缀 {zone}，忽略指定的第 {given} 带。', en: 'The coordinates carry the zone prefix {zone}; the given zone {given} was ignored.' },
  ZONE_HEADER_DIFFERS: { zh: '文件头带号为 {header}，但地块 {code} 的坐标前缀为 {zone}，以坐标前缀为准。', en: 'The header says zone {header} but parcel {code} carries the prefix {zone}; the prefix was used.' },
  SIX_DEGREE_ZONE: { zh: '6° 带第 {zone6} 带与 3° 带第 {zone} 带中央子午线相同（{cm}°E），面积按 3° 带第 {zone} 带计算。', en: '6° zone {zone6} has the same central meridian ({cm}°E) as 3° zone {zone}; planar areas use 3° zone {zone}.' },
  WGS84_AS_CGCS2000: { zh: 'WGS84 坐标按 CGCS2000 处理（两者相差在厘米级）。', en: 'WGS84 coordinates were taken as CGCS2000 (they differ by centimetres).' },
  ENCODING_GUESSED: { zh: '未声明编码，按 {encoding} 读取；如文字乱码请指定编码。', en: 'No encoding was declared; the text was read as {encoding}. Name the encoding if the text looks garbled.' },
  ENCODING_DECLARED_WRONG: { zh: '声明的编码 {declared} 与内容不符，已按 {encoding} 读取。', en: 'The declared encoding {declared} does not fit the content; it was read as {encoding}.' },
  Z_DROPPED: { zh: '去掉了高程（Z）或量测值（M），只保留平面坐标。', en: 'Heights (Z) or measures (M) were dropped; only plane coordinates are kept.' },
  FEATURES_SKIPPED: { zh: '跳过了 {count} 个不是面的要素（{types}）。', en: 'Skipped {count} features that are not polygons ({types}).' },
  RINGS_CLOSED: { zh: '{count} 个环首末点不同，已补上闭合点。', en: '{count} rings did not end at their first point and were closed.' },
  POINT_COUNT_DIFFERS: { zh: '地块 {code} 的界址点数写为 {stated}，实际读到 {found} 个点。', en: 'Parcel {code} states {stated} boundary points but {found} were read.' },
  STATED_AREA_DIFFERS: { zh: '地块 {code} 的申报面积 {stated_m2} 平方米与计算的高斯平面面积 {computed_m2} 平方米相差 {diff_m2} 平方米，超出取舍误差。', en: 'Parcel {code}: the stated area {stated_m2} m² differs from the computed Gauss-Krüger area {computed_m2} m² by {diff_m2} m², more than rounding explains.' },
  PRECISION_IGNORED: { zh: '文件头的精度={value} 不能作为界址点中误差（须在 0.001 至 10 米之间），申报面积口径按默认 m_j = 0.05 米记录。', en: 'The header\'s 精度={value} cannot be a boundary-point error (it must lie between 0.001 and 10 m); the area claims record the default m_j = 0.05 m.' },
  ORPHAN_HOLE: { zh: '{count} 个内环不在任何外环内，已作为独立的面。', en: '{count} holes lie in no outer ring and were taken as separate polygons.' },
  FILES_IGNORED: { zh: '压缩包中这些文件未使用：{names}', en: 'These files in the archive were not used: {names}' },
} as const satisfies Record<string, { zh: string; en: string }>

export type WarningCode = keyof typeof warningCodes

/** The message of a warning in one language with its placeholders filled. */
export function warningMessage(code: WarningCode, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = warningCodes[code]
  return (lang === 'en' ? entry.en : entry.zh).replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k]
    if (v === undefined) return `{${k}}`
    return isLocalized(v) ? v[lang] : String(v)
  })
}
