/**
 * Cost of holding a short: `annualRate` of the short's market value per year, charged at every
 * bar close as annualRate / periodsPerYear (so a year of bars costs the annual rate).
 */
export type BorrowModel = (shortValue: number) => number;

export const noBorrow: BorrowModel = () => 0;

export function annualBorrow(annualRate: number, periodsPerYear: number): BorrowModel {
  const perBar = annualRate / periodsPerYear;
  return (shortValue) => shortValue * perBar;
}
