-- 0150 reference price lists: public reference prices (db/seed/gpu_prices_public.csv,
-- cloud_prices_public.csv) stored in the price book as their own dated, sourced lists, so
-- `prices list` and the Prices page show them. A reference list is shown, never preferred:
-- the burn and the optimiser read the planner's own lists (reference = 0) first and fall
-- back to the shipped reference prices exactly as before.
ALTER TABLE price_lists ADD COLUMN reference INTEGER NOT NULL DEFAULT 0 CHECK (reference IN (0, 1));
