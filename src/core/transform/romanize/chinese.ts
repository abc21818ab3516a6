/** Chinese two-character family names (复姓) common enough to meet in investigator lists. */
export const CHINESE_COMPOUND_FAMILY_NAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '令狐', '夏侯', '司徒', '端木', '宇文', '轩辕', '澹台', '申屠', '独孤', '南宫', '西门', '司空',
  '歐陽', '諸葛', '長孫', '軒轅', '獨孤',
]);
