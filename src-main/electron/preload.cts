// Preload (sandboxed, CommonJS): exposes exactly four calls to the page. Results are
// plain data; the page never sees ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('headroom', {
  call: (method: string, input: unknown, jobId?: string) => ipcRenderer.invoke('headroom:call', method, input, jobId),
  progress: (jobId: string) => ipcRenderer.invoke('headroom:progress', jobId),
  cancel: (jobId: string) => ipcRenderer.invoke('headroom:cancel', jobId),
  // The path comes from the native save dialog in main; the page only offers a file name.
  saveFile: (file: { name: string; mime: string; base64: string }) => ipcRenderer.invoke('headroom:saveFile', file),
});
