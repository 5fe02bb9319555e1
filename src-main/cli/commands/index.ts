// Every CLI command, in the order `headroom --help` lists them. Add yours with one line.
import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { inventoryAddCommand, inventoryListCommand, sitesListCommand } from './inventory.js';
import { serveCommand } from './serve.js';
import { backupCommand, restoreCommand } from './backup.js';
import { importCommand } from './import.js';
import { pricesCurrencyCommand, pricesListCommand } from './prices.js';
import { planCommand } from './plan.js';
import { exportCommand } from './export.js';
import { perfCommand } from './perf.js';
import { calibrateCommand } from './calibrate.js';
import { scenariosListCommand, scenariosShowCommand } from './scenarios.js';
import { exportRulesListCommand, gpusListCommand } from './export-rules.js';
import { actualsImportCommand } from './actuals.js';
import { backtestCommand } from './backtest.js';

export const commands: Command[] = [
  demoCommand,
  sitesListCommand,
  inventoryListCommand,
  inventoryAddCommand,
  serveCommand,
  backupCommand,
  restoreCommand,
  importCommand,
  pricesListCommand,
  pricesCurrencyCommand,
  scenariosListCommand,
  scenariosShowCommand,
  planCommand,
  exportCommand,
  perfCommand,
  calibrateCommand,
  gpusListCommand,
  exportRulesListCommand,
  actualsImportCommand,
  backtestCommand,
];
