// The energy.* methods: the shipped public electricity prices and the power assumptions in force.
import { z } from 'zod';
import { method } from '../method.js';
import { SERVER_OVERHEAD, DEFAULT_IDLE_FRACTION, IDLE_FRACTION_SOURCE } from '../../engine/power/power.js';
import { DEFAULT_USEFUL_LIFE_MONTHS } from '../../engine/burn/burn.js';
import * as store from '../../store/money.js';




export const energyMethods = {
  'energy.reference': method({
    input: z.object({}).default({}),
    output: z.object({
      rows: z.array(z.object({
        id: z.number(), region: z.string(), tariff_type: z.string(), price: z.string(), currency: z.string(), unit: z.string(),
        date: z.string(), source_url: z.string(), notes: z.string(),
      })),
      assumptions: z.object({
        idle_fraction: z.number(), idle_source: z.string(), useful_life_months: z.number(),
        server_overhead: z.record(z.string(), z.object({ factor: z.number(), source: z.string(), assumed: z.boolean() })),
      }),
    }),
    run: (ctx) => ({
      rows: store.listEnergyReference(ctx.db),
      assumptions: {
        idle_fraction: DEFAULT_IDLE_FRACTION, idle_source: IDLE_FRACTION_SOURCE, useful_life_months: DEFAULT_USEFUL_LIFE_MONTHS,
        server_overhead: { ...SERVER_OVERHEAD },
      },
    }),
  }),
};
