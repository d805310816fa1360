/** The fee of one fill of `qty` units (positive) at `price`. Models compose by adding. */
export type CommissionModel = (qty: number, price: number) => number;

export const noCommission: CommissionModel = () => 0;

/** A fraction of the notional, e.g. 0.002 = 0.2 %. */
export function percentOfNotional(rate: number): CommissionModel {
  return (qty, price) => qty * price * rate;
}

export function perShare(amount: number): CommissionModel {
  return (qty) => qty * amount;
}

export function fixedPerFill(amount: number): CommissionModel {
  return () => amount;
}

/** Never less than `minimum` per fill (the usual broker floor on small orders). */
export function withMinimum(model: CommissionModel, minimum: number): CommissionModel {
  return (qty, price) => Math.max(minimum, model(qty, price));
}

export function composeCommission(models: readonly CommissionModel[]): CommissionModel {
  if (models.length === 0) return noCommission;
  if (models.length === 1) return models[0];
  return (qty, price) => {
    let fee = 0;
    for (const m of models) fee += m(qty, price);
    return fee;
  };
}
