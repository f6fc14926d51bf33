/**
 * Items ranked by how often they have been seen so far, most frequent first, updated in O(1) per hit
 * (the classic frequency-sorted list: a hit swaps the item with the first item of its count). Coding an
 * item's current rank instead of its index turns "popular" into "small number" without sending any table:
 * the decoder rebuilds the same ranking as it goes. Initial order is the item index (older MovieLens ids are
 * the more popular ones, so this is also a fair prior for other catalogues sorted by age).
 */
export class PopularityRanks {
  readonly itemAt: Int32Array;
  readonly rankOf: Int32Array;
  private readonly count: Int32Array;
  /** firstAt[c] = leftmost rank whose item has count c (valid while any item has count c). */
  private firstAt: Int32Array;

  constructor(itemCount: number) {
    this.itemAt = new Int32Array(itemCount);
    this.rankOf = new Int32Array(itemCount);
    this.count = new Int32Array(itemCount);
    this.firstAt = new Int32Array(64);
    for (let i = 0; i < itemCount; i++) {
      this.itemAt[i] = i;
      this.rankOf[i] = i;
    }
  }

  hit(item: number): void {
    const c = this.count[item]!;
    const f = this.firstAt[c]!;
    const other = this.itemAt[f]!;
    const r = this.rankOf[item]!;
    this.itemAt[f] = item;
    this.rankOf[item] = f;
    this.itemAt[r] = other;
    this.rankOf[other] = r;
    this.count[item] = c + 1;
    if (c + 1 >= this.firstAt.length) {
      const bigger = new Int32Array(this.firstAt.length * 2);
      bigger.set(this.firstAt);
      this.firstAt = bigger;
    }
    if (f === 0 || this.count[this.itemAt[f - 1]!] !== c + 1) this.firstAt[c + 1] = f;
    this.firstAt[c] = f + 1;
  }
}
