// Storage problems that are not corruption (issue 17 item 7): a full disk, a read-only database, a refused permission.
export default {
  en: {
    'storage.disk_full': 'The disk is full: nothing was saved and the database is not damaged. Free some space and try again.',
    'storage.read_only': 'This database is read-only: you can view and export, not change it. The file is not damaged; make it (and its folder) writable and reopen Headroom to edit.',
    'storage.permission_denied': 'Permission denied: the system does not let Headroom use this file. The file is not damaged; check its permissions.',
    'storage.readOnlyBanner': 'Read-only database: viewing and exporting only.',
  },
  zh: {
    'storage.disk_full': '磁盘已满：没有保存任何内容，数据库没有损坏。请释放一些空间后重试。',
    'storage.read_only': '此数据库为只读：可以查看和导出，不能修改。文件没有损坏；如需编辑，请让该文件（及其所在文件夹）可写，然后重新打开 Headroom。',
    'storage.permission_denied': '权限被拒绝：系统不允许 Headroom 使用此文件。文件没有损坏；请检查其权限。',
    'storage.readOnlyBanner': '只读数据库：仅可查看和导出。',
  },
};
