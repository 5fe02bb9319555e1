// The fixed.* methods: fixed monthly cost items (staff, network, software, facilities).
import { z } from 'zod';
import { method } from '../method.js';
import { idInput, deletedOutput } from '../lookups.js';
import { notFound } from '../errors.js';
import * as store from '../../store/money.js';
import { fixedInputSchema, fixedRowSchema,
} from '../schemas/money.js';




export const fixedMethods = {
  'fixed.list': method({
    input: z.object({}).default({}),
    output: z.array(fixedRowSchema),
    run: (ctx) => store.listFixedCosts(ctx.db),
  }),
  'fixed.save': method({
    input: fixedInputSchema,
    output: fixedRowSchema,
    mutates: true,
    run: (ctx, f) => {
      const { id, ...w } = f;
      let rid = id;
      if (rid !== undefined) { if (!store.updateFixedCost(ctx.db, rid, w)) throw notFound('id', `fixed cost ${rid} does not exist`); }
      else rid = store.insertFixedCost(ctx.db, w);
      return store.listFixedCosts(ctx.db).find((x) => x.id === rid)!;
    },
  }),
  'fixed.delete': method({
    input: idInput, output: deletedOutput, mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteFixedCost(ctx.db, id)) throw notFound('id', `fixed cost ${id} does not exist`);
      return { deleted: true };
    },
  }),
};
