// Undo / Redo buttons in the shell.
export default {
  en: {
    'undo.group': 'Undo and redo',
    'undo.undo': 'Undo',
    'undo.redo': 'Redo',
    'undo.undoWhat': 'Undo the last change ({method}) — Ctrl+Z',
    'undo.redoWhat': 'Redo the change undone last ({method}) — Ctrl+Shift+Z',
    'undo.nothing': 'Nothing to undo',
    'undo.nothingRedo': 'Nothing to redo',
  },
  zh: {
    'undo.group': '撤销与重做',
    'undo.undo': '撤销',
    'undo.redo': '重做',
    'undo.undoWhat': '撤销上一次修改（{method}）— Ctrl+Z',
    'undo.redoWhat': '重做刚撤销的修改（{method}）— Ctrl+Shift+Z',
    'undo.nothing': '没有可撤销的修改',
    'undo.nothingRedo': '没有可重做的修改',
  },
};
