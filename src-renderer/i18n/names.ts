// Names shown instead of ids: cluster numbers and server types.
export default {
  en: {
    'names.cluster': 'cluster {id}',
    'names.server.hgx_8gpu': 'HGX/DGX 8-GPU server',
    'names.server.pcie_server': 'PCIe server',
    'names.server.default': 'Default server',
  },
  zh: {
    'names.cluster': '集群 {id}',
    'names.server.hgx_8gpu': 'HGX/DGX 8 卡服务器',
    'names.server.pcie_server': 'PCIe 服务器',
    'names.server.default': '默认服务器',
  },
};
