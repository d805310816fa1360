export { erfc, normalCdf, normalPdf, normalQuantile } from './normal.js';
export {
  deflatedSharpe,
  deflatedSharpeFromReturns,
  expectedMaxSharpe,
  probabilisticSharpe,
  returnMoments,
  type DeflatedSharpeFromReturns,
  type DeflatedSharpeInput,
  type DeflatedSharpeResult,
  type ProbabilisticSharpeInput,
  type ReturnMoments,
} from './deflated-sharpe.js';
export { probabilityOfOverfitting, type PboInput, type PboResult } from './pbo.js';
