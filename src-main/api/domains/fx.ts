// The fx.* methods: dated exchange rates the burn converts with.
import { z } from 'zod';
import { method } from '../method.js';
import { idInput, deletedOutput } from '../lookups.js';
import { notFound } from '../errors.js';
import * as store from '../../store/money.js';
import { fxInputSchema, fxRowSchema,
} from '../schemas/money.js';




export const fxMethods = {
  'fx.list': method({
    input: z.object({}).default({}),
    output: z.array(fxRowSchema),
    run: (ctx) => store.listFx(ctx.db),
  }),
  'fx.save': method({
    input: fxInputSchema,
    output: fxRowSchema,
    mutates: true,
    run: (ctx, r) => {
      const id = store.upsertFx(ctx.db, r);
      return store.listFx(ctx.db).find((x) => x.id === id)!;
    },
  }),
  'fx.delete': method({
    input: idInput, output: deletedOutput, mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteFx(ctx.db, id)) throw notFound('id', `FX rate ${id} does not exist`);
      return { deleted: true };
    },
  }),
};
