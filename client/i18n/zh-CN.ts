/**
 * zh-CN UI messages, the default language. Every key here must exist in en.ts (checked by its type).
 * `{name}` placeholders are filled by `t(key, { name })`.
 */
export const zhCN = {
  'app.title': '征地一张图',
  'app.subtitle': '怀化市鹤城区',
  'demo.banner': '示例数据，地块边界为虚构',
  'lang.toggle': 'English',
  'lang.toggleTitle': '切换到英文界面',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.busy': '正在登录…',
  'login.demoHint': '示例账号：planner / planner-demo',
  'auth.loggedInAs': '当前用户：',
  'auth.logout': '退出登录',
  'auth.expired': '登录已失效，请重新登录。',

  'role.planner': '规划',
  'role.auditor': '审计',
  'role.finance': '财务',
  'role.legal': '法务',
  'role.admin': '管理员',

  'projects.title': '征地项目',
  'projects.empty': '暂无项目',
  'projects.loading': '正在加载项目…',
  'projects.parcels': '{n} 宗地块',
  'projects.zoomTo': '缩放到项目「{name}」的地块',
  'projects.noParcels': '该项目没有地块。',

  'map.loadingParcels': '正在加载地块…',
  'map.zoomInForParcels': '放大地图以显示地块',
  'map.truncated': '地块过多，只显示了一部分，请放大地图',
  'map.outlineAttribution': '鹤城区轮廓为示意（近似、非官方边界）',
  'map.districtLabel': '鹤城区（示意）',
  'map.ariaLabel': '地块地图',
  'map.zoomIn': '放大',
  'map.zoomOut': '缩小',
  'map.resetBearing': '拖动旋转地图，点击恢复正北',
  'map.toggleAttribution': '显示或隐藏数据来源',

  'unit.mu': '亩',
  'unit.m2': 'm²',

  'parcel.title': '地块 {code}',
  'parcel.close': '关闭',
  'parcel.loading': '正在加载地块…',
  'parcel.code': '地块编号',
  'parcel.landClass': '地类',
  'parcel.owner': '权属单位',
  'parcel.claimedArea': '申报面积',
  'parcel.status': '状态',
  'parcel.version': '版本',
  'parcel.updated': '最后修改',
  'parcel.updatedByAt': '{by}，{at}',
  'parcel.none': '—',
  'parcel.areas': '面积（服务器计算）',
  'parcel.ellipsoidalLabel': '核定面积',
  'parcel.ellipsoidalBasis': 'CGCS2000 椭球面积',
  'parcel.planarLabel': '勘测定界口径',
  'parcel.planarBasis': '高斯平面 3°带 {zone} ({crs})',

  'status.draft': '草稿',
  'status.surveyed': '已调查',
  'status.approved': '已批准',
  'status.acquired': '已征收',

  'error.network': '无法连接服务器。',
  'error.http': '请求失败（HTTP {status}）。',
  'error.dismiss': '关闭提示',
} as const satisfies Record<string, string>

/** A key of the UI messages. */
export type MessageKey = keyof typeof zhCN
/** A full set of UI messages: every key, each a string. */
export type Messages = Record<MessageKey, string>
