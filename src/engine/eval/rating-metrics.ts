/** Error metrics for predicted ratings. An accumulator, so evaluation streams without storing predictions. */

export class RatingErrors {
  count = 0;
  private sumSquared = 0;
  private sumAbsolute = 0;

  add(predicted: number, actual: number): void {
    if (!Number.isFinite(predicted))
      throw new RangeError(`prediction ${predicted} for a rating of ${actual} is not finite`);
    const e = predicted - actual;
    this.sumSquared += e * e;
    this.sumAbsolute += Math.abs(e);
    this.count++;
  }

  /** Root mean squared error; NaN when nothing was added. */
  get rmse(): number {
    return Math.sqrt(this.sumSquared / this.count);
  }

  /** Mean absolute error; NaN when nothing was added. */
  get mae(): number {
    return this.sumAbsolute / this.count;
  }
}

export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  return errorsOf(predicted, actual).rmse;
}

export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  return errorsOf(predicted, actual).mae;
}

function errorsOf(predicted: ArrayLike<number>, actual: ArrayLike<number>): RatingErrors {
  if (predicted.length !== actual.length)
    throw new RangeError(`predicted has ${predicted.length} values but actual has ${actual.length}`);
  const e = new RatingErrors();
  for (let k = 0; k < predicted.length; k++) e.add(predicted[k]!, actual[k]!);
  return e;
}
